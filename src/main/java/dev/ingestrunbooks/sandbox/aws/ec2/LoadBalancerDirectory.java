package dev.ingestrunbooks.sandbox.aws.ec2;

import java.util.List;
import java.util.Optional;

/**
 * What EC2's endpoint services need to know about Network Load Balancers, which live in another service (ELBv2):
 * whether an NLB exists and in which availability zones it has nodes. The sandbox wiring sets one on
 * {@link Ec2Backend#setLoadBalancerDirectory}; EC2 never depends on the ELBv2 emulator itself.
 *
 * <p>Without one (the default), every syntactically valid NLB ARN of the backend's region
 * ({@code arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/net/<name>/<id>}) is taken to exist, with all
 * of the region's zones, so that endpoint services work before, and without, an ELBv2 emulator.
 */
@FunctionalInterface
public interface LoadBalancerDirectory {

    /**
     * The zone names ({@code us-east-1a}) of the network load balancer with this ARN, or empty when no such load
     * balancer exists. Called while the endpoint-service model is locked: it must return quickly and must not call
     * back into Ec2Backend's endpoint-service methods. An exception counts as "no such load balancer" (and is logged).
     */
    Optional<List<String>> zoneNamesOf(String nlbArn);
}
