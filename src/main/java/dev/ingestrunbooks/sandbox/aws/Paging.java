package dev.ingestrunbooks.sandbox.aws;

import dev.ingestrunbooks.sandbox.aws.xml.FormBody;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * {@code MaxRecords}/{@code Marker} paging of the Query APIs. The marker is opaque to clients (here: the base64
 * of the next offset). MaxRecords outside its range or a marker not issued by us gives 400
 * {@code InvalidParameterValue}.
 * See https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBParameters.html
 */
public final class Paging {

    /** One page and the marker of the next one (null on the last page). */
    public record Page<T>(List<T> items, String nextMarker) {
    }

    private Paging() {
    }

    /** RDS's rule for every Describe*: MaxRecords 20..100, default 100. */
    public static <T> Page<T> page(List<T> all, FormBody request) {
        return page(all, request, 20, 100, 100);
    }

    public static <T> Page<T> page(List<T> all, FormBody request, int min, int max, int dflt) {
        int size = request.integer("MaxRecords").orElse(dflt);
        if (size < min || size > max) {
            throw AwsErrors.invalidParameterValue("Invalid value " + size + " for MaxRecords. Must be between "
                    + min + " and " + max + ".");
        }
        int from = decode(request.get("Marker"));
        if (from > all.size()) {
            throw AwsErrors.invalidParameterValue("The marker is not valid for this request.");
        }
        int to = Math.min(all.size(), from + size);
        return new Page<>(List.copyOf(all.subList(from, to)), to < all.size() ? encode(to) : null);
    }

    private static String encode(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decode(String marker) {
        if (marker == null || marker.isEmpty()) {
            return 0;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
            if (s.startsWith("offset:")) {
                int offset = Integer.parseInt(s.substring("offset:".length()));
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below (NumberFormatException is an IllegalArgumentException)
        }
        throw AwsErrors.invalidParameterValue("The marker is not valid for this request: " + marker);
    }
}
