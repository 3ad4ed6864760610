/**
 * The command line: {@code SandboxCommand} starts the standalone sandbox for trying the guides by hand (picocli), writes
 * its env file and stops everything on Ctrl-C or SIGTERM.
 */
package dev.ingestrunbooks.cli;
