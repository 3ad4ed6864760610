package dev.ingestrunbooks.sandbox.aws.rds;

import dev.ingestrunbooks.sandbox.aws.ActionRegistry;
import dev.ingestrunbooks.sandbox.aws.AwsErrors;
import dev.ingestrunbooks.sandbox.aws.Paging;
import dev.ingestrunbooks.sandbox.aws.xml.FormBody;
import dev.ingestrunbooks.sandbox.aws.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The Query-protocol side of DB and DB cluster parameter groups: the same eight actions for both kinds, which
 * differ only in member names ({@code DBParameterGroupName} vs {@code DBClusterParameterGroupName}) and result
 * wrappers. Unpacks requests, calls {@link RdsBackend}, writes results; no state here.
 */
final class RdsParameterActions {

    private static final Set<String> SOURCES = Set.of("user", "system", "engine-default");
    private static final Set<String> PARAMETER_FILTERS = Set.of("parameter-name");

    private final RdsBackend backend;

    RdsParameterActions(RdsBackend backend) {
        this.backend = backend;
    }

    void registerOn(ActionRegistry registry) {
        for (GroupKind kind : GroupKind.values()) {
            String g = kind.shapeName();
            String p = kind == GroupKind.DB ? "DBParameters" : "DBClusterParameters";
            registry.on("Create" + g, in -> create(kind, in))
                    .on("Describe" + g + "s", in -> describeGroups(kind, in))
                    .on("Modify" + g, in -> modify(kind, in))
                    .on("Delete" + g, in -> delete(kind, in))
                    .on("Describe" + p, in -> describeParameters(kind, in));
        }
    }

    /**
     * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBParameterGroup.html and
     * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBClusterParameterGroup.html
     */
    Consumer<XmlWriter> create(GroupKind kind, FormBody in) {
        String name = in.required(kind.shapeName() + "Name");
        String family = in.required("DBParameterGroupFamily");
        String description = in.required("Description");
        ParameterGroupView group = backend.createParameterGroup(kind, name, family, description);
        return w -> w.start(kind.shapeName()).write(x -> RdsXml.group(x, group)).end();
    }

    /**
     * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBParameterGroup.html and
     * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBClusterParameterGroup.html: no result
     * members; refused while a database uses the group.
     */
    Consumer<XmlWriter> delete(GroupKind kind, FormBody in) {
        backend.deleteParameterGroup(kind, in.required(kind.shapeName() + "Name"));
        return w -> { };
    }

    /**
     * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBParameterGroups.html and
     * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBClusterParameterGroups.html
     */
    Consumer<XmlWriter> describeGroups(GroupKind kind, FormBody in) {
        RdsFilters.parse(in, Set.of());
        List<ParameterGroupView> groups = backend.parameterGroups(kind, in.get(kind.shapeName() + "Name"));
        Paging.Page<ParameterGroupView> page = Paging.page(groups, in);
        return w -> w.element("Marker", page.nextMarker())
                .list(kind.shapeName() + "s", kind.shapeName(), page.items(), RdsXml::group);
    }

    /**
     * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBParameterGroup.html and
     * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBClusterParameterGroup.html
     */
    Consumer<XmlWriter> modify(GroupKind kind, FormBody in) {
        String member = kind.shapeName() + "Name";
        String name = in.required(member);
        List<FormBody> entries = in.structs("Parameters", "Parameter");
        if (entries.isEmpty()) {
            throw AwsErrors.missingParameter("Parameters");
        }
        List<ParameterChange> changes = new ArrayList<>();
        for (FormBody e : entries) {
            String applyMethod = e.get("ApplyMethod");
            changes.add(new ParameterChange(e.required("ParameterName"), e.required("ParameterValue"),
                    applyMethod == null || applyMethod.isEmpty() ? ParameterChange.PENDING_REBOOT : applyMethod));
        }
        String result = backend.modifyParameterGroup(kind, name, changes);
        return w -> w.element(member, result);
    }

    /**
     * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBParameters.html and
     * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBClusterParameters.html
     */
    Consumer<XmlWriter> describeParameters(GroupKind kind, FormBody in) {
        String name = in.required(kind.shapeName() + "Name");
        String source = in.get("Source");
        if (source != null && !SOURCES.contains(source)) {
            throw AwsErrors.invalidParameterValue("Invalid value " + source + " for Source. Valid values: user, "
                    + "system, engine-default.");
        }
        RdsFilters filters = RdsFilters.parse(in, PARAMETER_FILTERS);
        List<ParameterRow> rows = backend.parameters(kind, name).stream()
                .filter(r -> source == null || source.equals(r.source()))
                .filter(r -> filters.accepts("parameter-name", r.name()))
                .toList();
        Paging.Page<ParameterRow> page = Paging.page(rows, in);
        return w -> w.list("Parameters", "Parameter", page.items(), RdsXml::parameter)
                .element("Marker", page.nextMarker());
    }
}
