/**
 * The only package that imports Allure: SQL and result tables, AWS calls, labels, environment and categories of the
 * setup-health report, with every registered secret masked ({@link dev.ingestrunbooks.evidence.Secrets}).
 */
package dev.ingestrunbooks.evidence;
