package dev.ingestrunbooks.sandbox.aws.ec2;

import java.util.List;

/**
 * The instances one RunInstances call launched, under its reservation id ({@code r-…}); DescribeInstances groups its
 * answer by reservation.
 */
public record Reservation(String id, List<Instance> instances) {

    public Reservation {
        instances = List.copyOf(instances);
    }
}
