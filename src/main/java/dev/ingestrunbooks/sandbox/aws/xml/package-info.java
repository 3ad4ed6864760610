/**
 * The AWS Query wire format: form bodies with their list and map members parsed into a tree, and the two XML envelopes
 * (awsQuery: {@code <XResponse><XResult>}, then {@code ResponseMetadata}; EC2: {@code requestId} first) for results and
 * errors.
 */
package dev.ingestrunbooks.sandbox.aws.xml;
