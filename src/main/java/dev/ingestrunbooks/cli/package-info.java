/**
 * The command line (picocli), also the runnable jar's entry point ({@code Main}): {@code check} runs the compliance
 * checks of an inventory without Maven (JSON summary, Allure results, exit status); {@code sandbox}
 * ({@code SandboxCommand}) starts the standalone sandbox for trying the guides by hand, writes its env file and stops
 * everything on Ctrl-C or SIGTERM.
 */
package dev.ingestrunbooks.cli;
