package dev.ingestrunbooks.runbook;

import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;

/**
 * Names the scenario for the tags of what it creates, first of all {@code @Before} hooks (before any opens the
 * target), and cleans up after it in an {@code @After} hook, whether it passed or failed: Cucumber runs
 * {@code @After} hooks before the world is disposed, so the clean-up happens while the target is still open and its
 * report lands in the scenario's Allure result (the world's {@code dispose()} comes too late for the report).
 */
public final class CleanUpHooks {
    private final RunbookWorld world;

    public CleanUpHooks(RunbookWorld world) {
        this.world = world;
    }

    @Before(order = 0)
    public void nameScenario(Scenario scenario) {
        world.scenarioName(scenario.getName());
    }

    @After
    public void cleanUp() {
        world.cleanUp();
    }
}
