package dev.ingestrunbooks.drivers;

import dev.ingestrunbooks.evidence.Evidence;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * An AWS SDK interceptor that records every call as evidence: operation, request parameters, and the response's
 * fields or the error. The SDK's own {@code toString} already redacts members AWS marks sensitive (passwords).
 */
public final class AwsCallRecorder implements ExecutionInterceptor {

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        Evidence.awsCall(service(attributes), operation(attributes), context.request().toString(),
                context.response().toString(), false);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        Evidence.awsCall(service(attributes), operation(attributes), context.request().toString(),
                context.exception().toString(), true);
    }

    private static String service(ExecutionAttributes attributes) {
        return String.valueOf(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
    }

    private static String operation(ExecutionAttributes attributes) {
        return String.valueOf(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }
}
