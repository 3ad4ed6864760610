/**
 * Elastic Load Balancing v2 for the guides' "AWS PrivateLink" tab: {@code ip} target groups over TCP, network load
 * balancers and their TCP listeners, behind the emulator's {@link dev.ingestrunbooks.sandbox.aws.QueryRouter} (awsQuery
 * protocol, {@code <member>} lists). {@link dev.ingestrunbooks.sandbox.aws.elbv2.Elbv2Backend} is the model and also the
 * data path: each listener of an active load balancer is a real loopback TCP forwarder (a
 * {@link dev.ingestrunbooks.sandbox.network.TcpFront}) that sends each connection, from the load balancer's own private
 * IP, to a healthy target, and each registered target is health checked by real TCP connects.
 * {@link dev.ingestrunbooks.sandbox.aws.elbv2.Elbv2Actions} reads requests and writes the model's shapes;
 * {@link dev.ingestrunbooks.sandbox.aws.elbv2.Elbv2Errors} has AWS's error codes. Facts and limits: docs/aws.md §4.
 */
package dev.ingestrunbooks.sandbox.aws.elbv2;
