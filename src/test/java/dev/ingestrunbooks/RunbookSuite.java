package dev.ingestrunbooks;

import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The runbooks: every feature under {@code features/} (copied to the test classpath as package {@code features}).
 * Configuration is in {@code junit-platform.properties} (the step definitions are in {@code runbook/});
 * {@code -Dcucumber.filter.tags=…} selects scenarios.
 *
 * <p>It lives in the root test package so that it is the first class handed to a test JVM: failsafe gives the JVMs
 * the test classes in the alphabetical order of their full names, upper case before lower case, and the runbooks
 * take the longest of all (about a minute next to the unit tests). Started 40 s in, as they were from
 * {@code runbook/}, they were the last to finish.
 */
@Suite
@IncludeEngines("cucumber")
@SelectPackages("features")
public class RunbookSuite {
}
