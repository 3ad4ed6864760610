package dev.ingestrunbooks.sandbox.aws.ec2;

import dev.ingestrunbooks.sandbox.aws.BackgroundWork;
import dev.ingestrunbooks.sandbox.aws.ec2.Ec2Backend.Zone;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VPC endpoint services (AWS PrivateLink) of one account and region: the provider's side (service configurations
 * over network load balancers, allowed principals, endpoint connections to accept or reject) and, as a plain Java
 * API for the sandbox, the consumer's side (another account's interface endpoint asking to connect).
 *
 * <p><b>States</b> are AWS's wire values. A service is {@code Pending}, then {@code Available} after the delay given
 * at construction. An endpoint (= its connection, as the provider sees it) is {@code pendingAcceptance} when the
 * service requires acceptance, else {@code pending}; accepting makes it {@code pending}; {@code pending} becomes
 * {@code available} after the delay; rejecting makes it {@code rejected} (from {@code pendingAcceptance},
 * {@code pending} or {@code available}). Deleting an endpoint removes it at once.
 *
 * <p><b>Permissions</b> are checked only when an endpoint is requested: removing a principal later leaves its
 * endpoints (pending or accepted) alone, as AWS does.
 *
 * <p>Thread-safe: one lock (this object). {@link EndpointConnectionListener}s hear every state change outside the
 * lock, in order. Limits: interface services over NLBs only (no Gateway Load Balancers, private DNS names, supported
 * regions or IP address types other than ipv4); no paging; no connection notifications. Public for its records
 * only: {@link Ec2Backend} is the way in.
 */
public final class EndpointServices {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointServices.class);
    /** {@code arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/net/<name>/<16 hex>}. */
    private static final Pattern NLB_ARN = Pattern.compile(
            "arn:aws[a-z-]*:elasticloadbalancing:([a-z0-9-]+):(\\d{12}):loadbalancer/net/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}");
    /** IAM principals: account root, role, user; a path (more than one {@code /}) is refused. */
    private static final Pattern IAM_PRINCIPAL = Pattern.compile(
            "arn:aws[a-z-]*:iam::(\\d{12}):(root|role/.+|user/.+)");
    private static final Pattern SERVICE_PRINCIPAL = Pattern.compile("[a-z0-9.-]+\\.amazonaws\\.com");
    private static final Pattern ORG_UNIT = Pattern.compile(
            "arn:aws[a-z-]*:organizations::\\d{12}:ou/o-[a-z0-9]+/ou-[a-z0-9-]+");

    /** A service configuration as DescribeVpcEndpointServiceConfigurations shows it. */
    public record EndpointService(String id, String name, String state, boolean acceptanceRequired,
            List<String> networkLoadBalancerArns, List<String> zoneNames, List<String> zoneIds,
            String baseEndpointDnsName, Map<String, String> tags) {
        public EndpointService {
            networkLoadBalancerArns = List.copyOf(networkLoadBalancerArns);
            zoneNames = List.copyOf(zoneNames);
            zoneIds = List.copyOf(zoneIds);
            tags = Map.copyOf(tags);
        }
    }

    /** A principal allowed to connect: {@code principalType} is All, Service, OrganizationUnit, Account, User, Role. */
    public record AllowedPrincipal(String serviceId, String principal, String principalType, String permissionId) {
    }

    /**
     * An interface endpoint to one of this account's services, as both sides see it: the consumer (its id, state,
     * zones) and the provider ({@code DescribeVpcEndpointConnections}: owner, connection id, state).
     */
    public record Endpoint(String id, String serviceId, String serviceName, String ownerAccount, String principal,
            String state, List<String> zoneIds, String connectionId, Instant created, List<String> dnsNames) {
        public Endpoint {
            zoneIds = List.copyOf(zoneIds);
            dnsNames = List.copyOf(dnsNames);
        }
    }

    /** One item an Accept/Reject/Delete call could not handle: 200 with these listed, the rest done. */
    public record Unsuccessful(String resourceId, String code, String message) {
    }

    private static final class Svc {
        final String id = Ec2Backend.id("vpce-svc");
        final List<String> nlbArns;
        final List<Zone> zones;
        final Map<String, String> tags;
        final Map<String, AllowedPrincipal> principals = new LinkedHashMap<>();
        String state = "Pending";
        boolean acceptanceRequired;

        Svc(List<String> nlbArns, List<Zone> zones, boolean acceptanceRequired, Map<String, String> tags) {
            this.nlbArns = nlbArns;
            this.zones = zones;
            this.acceptanceRequired = acceptanceRequired;
            this.tags = tags;
        }
    }

    private static final class Vpce {
        final String id = Ec2Backend.id("vpce");
        final String connectionId = Ec2Backend.id("vpce-con");
        final Svc svc;
        final String owner;
        final String principal;
        final List<String> zoneIds;
        final Instant created = Instant.now();
        String state;

        Vpce(Svc svc, String owner, String principal, List<String> zoneIds, String state) {
            this.svc = svc;
            this.owner = owner;
            this.principal = principal;
            this.zoneIds = zoneIds;
            this.state = state;
        }
    }

    private final String region;
    private final List<Zone> regionZones;
    private final Duration delay;
    private final BackgroundWork work;
    private final Map<String, Svc> services = new LinkedHashMap<>();
    private final Map<String, Vpce> endpoints = new LinkedHashMap<>();
    private volatile LoadBalancerDirectory loadBalancers;
    private final List<EndpointConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final Queue<Runnable> events = new ConcurrentLinkedQueue<>();
    private final Object delivery = new Object();
    private boolean delivering; // guarded by delivery

    EndpointServices(String region, List<Zone> regionZones, Duration delay, BackgroundWork work) {
        this.region = region;
        this.regionZones = List.copyOf(regionZones);
        this.delay = delay;
        this.work = work;
    }

    void setLoadBalancerDirectory(LoadBalancerDirectory directory) {
        this.loadBalancers = directory;
    }

    void addListener(EndpointConnectionListener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    void removeListener(EndpointConnectionListener listener) {
        listeners.remove(listener);
    }

    // ------------------------------------------------------------------------------------------ provider side

    /** CreateVpcEndpointServiceConfiguration: {@code Pending}, {@code Available} after the delay. */
    EndpointService create(List<String> nlbArns, boolean acceptanceRequired, Map<String, String> tags) {
        Svc svc;
        synchronized (this) {
            if (nlbArns.isEmpty()) {
                throw Ec2Errors.invalidParameter(
                        "exactly one of network_load_balancer_arn or gateway_load_balancer_arn is a required member");
            }
            LinkedHashSet<String> zoneNames = new LinkedHashSet<>();
            for (String arn : new LinkedHashSet<>(nlbArns)) {
                zoneNames.addAll(zonesOf(arn));
            }
            List<Zone> zones = regionZones.stream().filter(z -> zoneNames.contains(z.name())).toList();
            svc = new Svc(List.copyOf(new LinkedHashSet<>(nlbArns)), zones, acceptanceRequired, tags);
            services.put(svc.id, svc);
            LOG.info("endpoint service {} over {}", svc.id, svc.nlbArns);
        }
        work.after(delay, () -> {
            synchronized (this) {
                if (services.get(svc.id) == svc && svc.state.equals("Pending")) {
                    svc.state = "Available";
                }
            }
        });
        return view(svc);
    }

    /** The zone names of an NLB; AWS's error when the ARN is malformed or names no load balancer. */
    private List<String> zonesOf(String arn) {
        Matcher m = arn == null ? null : NLB_ARN.matcher(arn);
        if (m == null || !m.matches()) {
            throw Ec2Errors.invalidParameter("Invalid load balancer ARN: " + arn);
        }
        LoadBalancerDirectory directory = loadBalancers;
        if (directory == null) {
            if (!m.group(1).equals(region)) {
                throw Ec2Errors.loadBalancerNotFound(arn);
            }
            return regionZones.stream().map(Zone::name).toList();
        }
        Optional<List<String>> zones;
        try {
            zones = directory.zoneNamesOf(arn);
        } catch (RuntimeException e) {
            LOG.warn("load balancer directory failed on {}", arn, e);
            zones = Optional.empty();
        }
        return zones.orElseThrow(() -> Ec2Errors.loadBalancerNotFound(arn));
    }

    synchronized List<EndpointService> services() {
        return services.values().stream().map(this::view).toList();
    }

    /** The service with this id: {@code InvalidVpcEndpointServiceId.NotFound} otherwise. */
    synchronized EndpointService service(String id) {
        return view(svc(id));
    }

    private Svc svc(String id) {
        Svc svc = id == null ? null : services.get(id);
        if (svc == null) {
            throw Ec2Errors.endpointServiceNotFound(String.valueOf(id));
        }
        return svc;
    }

    private EndpointService view(Svc s) {
        return new EndpointService(s.id, serviceName(s.id), s.state, s.acceptanceRequired, s.nlbArns,
                s.zones.stream().map(Zone::name).toList(), s.zones.stream().map(Zone::id).toList(),
                s.id + "." + region + ".vpce.amazonaws.com", s.tags);
    }

    private String serviceName(String serviceId) {
        return "com.amazonaws.vpce." + region + "." + serviceId;
    }

    /** ModifyVpcEndpointServiceConfiguration's AcceptanceRequired; endpoints already there keep their state. */
    synchronized void setAcceptanceRequired(String serviceId, boolean acceptanceRequired) {
        svc(serviceId).acceptanceRequired = acceptanceRequired;
    }

    /**
     * ModifyVpcEndpointServicePermissions: every principal is checked before any change. Adding one that is there
     * already, or removing one that is not, is no error. Returns the principals added.
     */
    synchronized List<AllowedPrincipal> modifyPermissions(String serviceId, List<String> add, List<String> remove) {
        Svc svc = svc(serviceId);
        List<String> types = new ArrayList<>();
        for (String p : add) {
            types.add(principalType(p));
        }
        remove.forEach(EndpointServices::principalType);
        List<AllowedPrincipal> added = new ArrayList<>();
        for (int i = 0; i < add.size(); i++) {
            String p = add.get(i);
            AllowedPrincipal existing = svc.principals.get(p);
            AllowedPrincipal allowed = existing != null ? existing
                    : new AllowedPrincipal(svc.id, p, types.get(i), Ec2Backend.id("vpce-svc-perm"));
            svc.principals.put(p, allowed);
            added.add(allowed);
        }
        remove.forEach(svc.principals::remove);
        return added;
    }

    synchronized List<AllowedPrincipal> permissions(String serviceId) {
        return List.copyOf(svc(serviceId).principals.values());
    }

    /** AWS's principal type of an allowed-principal entry; {@code InvalidPrincipal} for anything else. */
    static String principalType(String principal) {
        if (principal == null) {
            throw Ec2Errors.invalidPrincipal("null");
        }
        if (principal.equals("*")) {
            return "All";
        }
        Matcher iam = IAM_PRINCIPAL.matcher(principal);
        if (iam.matches()) {
            String resource = iam.group(2);
            if (resource.equals("root")) {
                return "Account";
            }
            String name = resource.substring(resource.indexOf('/') + 1);
            if (name.isEmpty() || name.contains("/")) {
                throw Ec2Errors.invalidPrincipal(principal); // a path: AWS takes no principal ARN with one
            }
            return resource.startsWith("role/") ? "Role" : "User";
        }
        if (SERVICE_PRINCIPAL.matcher(principal).matches()) {
            return "Service";
        }
        if (ORG_UNIT.matcher(principal).matches()) {
            return "OrganizationUnit";
        }
        throw Ec2Errors.invalidPrincipal(principal);
    }

    /** The account of an IAM principal ARN, or null. */
    static String accountOf(String principal) {
        Matcher iam = principal == null ? null : IAM_PRINCIPAL.matcher(principal);
        return iam != null && iam.matches() ? iam.group(1) : null;
    }

    /** The connections to this account's services, in creation order. */
    synchronized List<Endpoint> connections() {
        return endpoints.values().stream().map(this::view).toList();
    }

    /**
     * AcceptVpcEndpointConnections: {@code pendingAcceptance} → {@code pending} → {@code available} (after the
     * delay). Ids that are unknown, of another service, or not awaiting acceptance are listed, not thrown.
     */
    List<Unsuccessful> accept(String serviceId, List<String> vpceIds) {
        return forEachEndpoint(serviceId, vpceIds, vpce -> {
            if (!vpce.state.equals("pendingAcceptance")) {
                return "Endpoint " + vpce.id + " is in state " + vpce.state + " and cannot be accepted.";
            }
            change(vpce, "pending");
            scheduleAvailable(vpce);
            return null;
        });
    }

    /** RejectVpcEndpointConnections: {@code rejected}, also for an accepted endpoint (it loses its connection). */
    List<Unsuccessful> reject(String serviceId, List<String> vpceIds) {
        return forEachEndpoint(serviceId, vpceIds, vpce -> {
            if (vpce.state.equals("rejected")) {
                return "Endpoint " + vpce.id + " is in state rejected and cannot be rejected.";
            }
            change(vpce, "rejected");
            return null;
        });
    }

    /**
     * Applies {@code change} to each named endpoint of the service, under the lock, then delivers the state changes:
     * an unknown id, or one of another service, is {@code InvalidVpcEndpointId.NotFound}; a change that returns a
     * message did not apply and is listed as {@code InvalidState}.
     */
    private List<Unsuccessful> forEachEndpoint(String serviceId, List<String> vpceIds,
            java.util.function.Function<Vpce, String> change) {
        List<Unsuccessful> failed = new ArrayList<>();
        try {
            synchronized (this) {
                Svc svc = svc(serviceId);
                for (String id : new LinkedHashSet<>(vpceIds)) {
                    Vpce vpce = endpointOf(svc, id, failed);
                    String refusal = vpce == null ? null : change.apply(vpce);
                    if (refusal != null) {
                        failed.add(new Unsuccessful(id, "InvalidState", refusal));
                    }
                }
            }
        } finally {
            deliver();
        }
        return failed;
    }

    private Vpce endpointOf(Svc svc, String id, List<Unsuccessful> failed) {
        Vpce vpce = id == null ? null : endpoints.get(id);
        if (vpce == null || vpce.svc != svc) {
            failed.add(new Unsuccessful(String.valueOf(id), "InvalidVpcEndpointId.NotFound",
                    "The Vpc Endpoint Id '" + id + "' does not exist"));
            return null;
        }
        return vpce;
    }

    /**
     * DeleteVpcEndpointServiceConfigurations: a service with endpoints that are not rejected stays, listed as
     * {@code ExistingVpcEndpointConnections}; an unknown id is listed as not found. Rejected endpoints go with it.
     */
    List<Unsuccessful> delete(List<String> serviceIds) {
        List<Unsuccessful> failed = new ArrayList<>();
        try {
            synchronized (this) {
                for (String id : new LinkedHashSet<>(serviceIds)) {
                    Svc svc = id == null ? null : services.get(id);
                    if (svc == null) {
                        Ec2Errors.Ec2Error e = Ec2Errors.endpointServiceNotFound(String.valueOf(id));
                        failed.add(new Unsuccessful(String.valueOf(id), e.code(), e.getMessage()));
                        continue;
                    }
                    if (endpoints.values().stream().anyMatch(v -> v.svc == svc && !v.state.equals("rejected"))) {
                        failed.add(new Unsuccessful(id, "ExistingVpcEndpointConnections",
                                "Service has existing active VPC Endpoint connections!"));
                        continue;
                    }
                    List<Vpce> gone = endpoints.values().stream().filter(v -> v.svc == svc).toList();
                    gone.forEach(v -> {
                        endpoints.remove(v.id);
                        change(v, "deleted");
                    });
                    services.remove(id);
                    svc.state = "Deleted";
                }
            }
        } finally {
            deliver();
        }
        return failed;
    }

    // ------------------------------------------------------------------------------------------ consumer side

    /**
     * Another account's interface endpoint to the service named {@code serviceName}, on behalf of
     * {@code principalArn} (an IAM ARN whose account owns the endpoint), in {@code zoneIds} (all of the service's
     * zones when empty). The principal must be allowed (itself, its account's root, or {@code *}); otherwise, as for
     * an unknown or not yet available service, {@code InvalidServiceName}. A zone the service lacks is
     * {@code InvalidParameter}.
     */
    Endpoint request(String serviceName, String principalArn, List<String> zoneIds) {
        try {
            synchronized (this) {
                String account = accountOf(principalArn);
                if (account == null) {
                    throw new IllegalArgumentException("not an IAM principal ARN: " + principalArn);
                }
                Svc svc = services.values().stream().filter(s -> serviceName(s.id).equals(serviceName)).findFirst()
                        .filter(s -> s.state.equals("Available"))
                        .filter(s -> s.principals.containsKey("*") || s.principals.containsKey(principalArn)
                                || s.principals.containsKey(principalArn.substring(0, principalArn.indexOf(":iam::"))
                                        + ":iam::" + account + ":root"))
                        .orElseThrow(() -> Ec2Errors.serviceNameNotFound(serviceName));
                List<String> serviceZoneIds = svc.zones.stream().map(Zone::id).toList();
                List<String> zones = zoneIds == null || zoneIds.isEmpty() ? serviceZoneIds
                        : List.copyOf(new LinkedHashSet<>(zoneIds));
                for (String z : zones) {
                    if (!serviceZoneIds.contains(z)) {
                        throw Ec2Errors.invalidParameter("The VPC endpoint service " + serviceName
                                + " does not support the availability zone " + z + ".");
                    }
                }
                Vpce vpce = new Vpce(svc, account, principalArn, zones,
                        svc.acceptanceRequired ? "pendingAcceptance" : "pending");
                endpoints.put(vpce.id, vpce);
                Endpoint view = view(vpce);
                events.add(() -> listeners.forEach(l -> notify(l, view, null)));
                if (!svc.acceptanceRequired) {
                    scheduleAvailable(vpce);
                }
                LOG.info("endpoint {} of {} to {}: {}", vpce.id, account, svc.id, vpce.state);
                return view;
            }
        } finally {
            deliver();
        }
    }

    /** The endpoint with this id, or empty (deleted, or never there). */
    synchronized Optional<Endpoint> endpoint(String vpceId) {
        return Optional.ofNullable(vpceId == null ? null : endpoints.get(vpceId)).map(this::view);
    }

    /** Deletes the consumer's endpoint; the provider no longer sees its connection. Absent: no error. */
    void deleteEndpoint(String vpceId) {
        try {
            synchronized (this) {
                Vpce vpce = vpceId == null ? null : endpoints.remove(vpceId);
                if (vpce != null) {
                    change(vpce, "deleted");
                }
            }
        } finally {
            deliver();
        }
    }

    private Endpoint view(Vpce v) {
        String dns = v.id + "-" + v.connectionId.substring(v.connectionId.length() - 8) + "." + v.svc.id + "."
                + region + ".vpce.amazonaws.com";
        return new Endpoint(v.id, v.svc.id, serviceName(v.svc.id), v.owner, v.principal, v.state, v.zoneIds,
                v.connectionId, v.created, v.state.equals("available") ? List.of(dns) : List.of());
    }

    // ------------------------------------------------------------------------------------ transitions, events

    private void scheduleAvailable(Vpce vpce) {
        work.after(delay, () -> {
            try {
                synchronized (this) {
                    if (endpoints.get(vpce.id) == vpce && vpce.state.equals("pending")) {
                        change(vpce, "available");
                    }
                }
            } finally {
                deliver();
            }
        });
    }

    /** Sets the state and queues the event. Caller holds the lock. */
    private void change(Vpce vpce, String state) {
        String previous = vpce.state;
        vpce.state = state;
        Endpoint view = view(vpce);
        events.add(() -> listeners.forEach(l -> notify(l, view, previous)));
    }

    private static void notify(EndpointConnectionListener listener, Endpoint endpoint, String previous) {
        try {
            listener.stateChanged(endpoint, previous);
        } catch (RuntimeException e) {
            LOG.warn("endpoint connection listener {} failed", listener, e);
        }
    }

    /** Delivers queued events in order, outside the lock; a listener's own changes follow from the outer loop. */
    private void deliver() {
        synchronized (delivery) {
            if (delivering) {
                return;
            }
            delivering = true;
            try {
                Runnable event;
                while ((event = events.poll()) != null) {
                    event.run();
                }
            } finally {
                delivering = false;
            }
        }
    }
}
