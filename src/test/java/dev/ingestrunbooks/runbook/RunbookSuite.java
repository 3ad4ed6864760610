package dev.ingestrunbooks.runbook;

import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The runbooks: every feature under {@code features/} (copied to the test classpath as package {@code features}).
 * Configuration is in {@code junit-platform.properties}; {@code -Dcucumber.filter.tags=…} selects scenarios.
 */
@Suite
@IncludeEngines("cucumber")
@SelectPackages("features")
public class RunbookSuite {
}
