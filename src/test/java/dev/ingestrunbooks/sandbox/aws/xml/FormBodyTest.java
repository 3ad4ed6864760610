package dev.ingestrunbooks.sandbox.aws.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ingestrunbooks.sandbox.aws.AwsErrors;
import dev.ingestrunbooks.sandbox.aws.AwsException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormBodyTest {

    @Test
    void readsNestedAwsQueryStructuresInIndexOrder() {
        FormBody body = FormBody.parse("Action=ModifyDBParameterGroup&Version=2014-10-31"
                + "&DBParameterGroupName=mz-pg16"
                + "&Parameters.Parameter.2.ParameterName=rds.force_ssl&Parameters.Parameter.2.ParameterValue=1"
                + "&Parameters.Parameter.1.ParameterName=rds.logical_replication"
                + "&Parameters.Parameter.1.ParameterValue=1&Parameters.Parameter.1.ApplyMethod=pending-reboot"
                + "&Parameters.Parameter.10.ParameterName=work_mem&Parameters.Parameter.10.ParameterValue=4096");

        List<FormBody> params = body.structs("Parameters", "Parameter");

        assertThat(params).extracting(p -> p.get("ParameterName"))
                .containsExactly("rds.logical_replication", "rds.force_ssl", "work_mem");
        assertThat(params.get(0).get("ApplyMethod")).isEqualTo("pending-reboot");
        assertThat(params.get(1).get("ApplyMethod")).isNull();
    }

    @Test
    void readsFilterValuesTwoLevelsDeep() {
        FormBody body = FormBody.parse("Filters.Filter.1.Name=db-cluster-id"
                + "&Filters.Filter.1.Values.Value.1=mz-aurora&Filters.Filter.1.Values.Value.2=other"
                + "&Filters.Filter.2.Name=engine&Filters.Filter.2.Values.Value.1=aurora-postgresql");

        List<FormBody> filters = body.structs("Filters", "Filter");

        assertThat(filters).hasSize(2);
        assertThat(filters.get(0).strings("Values", "Value")).containsExactly("mz-aurora", "other");
        assertThat(filters.get(1).get("Name")).isEqualTo("engine");
    }

    @Test
    void anExplicitlyEmptyListIsEmpty() {
        FormBody body = FormBody.parse("Action=DescribeDBInstances&Filters=&VpcSecurityGroupIds=");

        assertThat(body.has("Filters")).isTrue();
        assertThat(body.structs("Filters", "Filter")).isEmpty();
        assertThat(body.strings("VpcSecurityGroupIds", "VpcSecurityGroupId")).isEmpty();
    }

    @Test
    void readsEc2FlattenedListsWhenNoMemberNameIsGiven() {
        FormBody body = FormBody.parse("GroupId.1=sg-1&GroupId.2=sg-2"
                + "&IpPermissions.1.IpRanges.1.CidrIp=203.0.113.10%2F32&IpPermissions.1.FromPort=5432");

        assertThat(body.strings("GroupId", null)).containsExactly("sg-1", "sg-2");
        FormBody permission = body.structs("IpPermissions", null).get(0);
        assertThat(permission.structs("IpRanges", null).get(0).get("CidrIp")).isEqualTo("203.0.113.10/32");
    }

    @Test
    void decodesUrlEncodingAndMergesQueryStringWithBody() {
        FormBody body = FormBody.parse("Action=DescribeDBParameters", "Description=a+b%26c&Marker=x%3D%3D");

        assertThat(body.get("Action")).isEqualTo("DescribeDBParameters");
        assertThat(body.get("Description")).isEqualTo("a b&c");
        assertThat(body.get("Marker")).isEqualTo("x==");
    }

    @Test
    void aMissingRequiredMemberIsMissingParameter() {
        FormBody body = FormBody.parse("DBInstanceIdentifier=");

        assertThatThrownBy(() -> body.required("DBInstanceIdentifier"))
                .isInstanceOf(AwsErrors.MissingParameter.class)
                .hasMessage("The request must contain the parameter DBInstanceIdentifier");
    }

    @Test
    void malformedNumbersAndBooleansAreInvalidParameterValue() {
        FormBody body = FormBody.parse("MaxRecords=lots&ApplyImmediately=maybe");

        assertThatThrownBy(() -> body.integer("MaxRecords"))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.code()).isEqualTo("InvalidParameterValue");
                    assertThat(e.httpStatus()).isEqualTo(400);
                })
                .hasMessageContaining("MaxRecords");
        assertThatThrownBy(() -> body.bool("ApplyImmediately")).isInstanceOf(AwsErrors.InvalidParameterValue.class);
    }
}
