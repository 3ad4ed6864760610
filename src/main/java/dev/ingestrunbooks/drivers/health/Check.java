package dev.ingestrunbooks.drivers.health;

import dev.ingestrunbooks.drivers.GuideStep;
import dev.ingestrunbooks.target.inventory.SetupSpec.Kind;
import java.util.Set;
import java.util.function.Function;

/** A {@link HealthCheck} made of a definition and a rule: how the check families declare their checks. */
record Check(CheckDefinition definition, Set<Kind> appliesTo, Function<SetupProbe, HealthCheck.Verdict> rule)
        implements HealthCheck {

    static final Set<Kind> ALL = Set.of(Kind.RDS, Kind.AURORA);
    static final Set<Kind> AURORA = Set.of(Kind.AURORA);

    /** Starts a check's definition; {@link Builder#rule} finishes it. */
    static Builder define(String id, GuideStep step, String title) {
        return new Builder(id, step, title);
    }

    @Override
    public HealthCheck.Verdict evaluate(SetupProbe probe) {
        return rule.apply(probe);
    }

    static final class Builder {
        private final String id;
        private final GuideStep step;
        private final String title;
        private Severity severity = Severity.MAJOR;
        private Category category = Category.MISCONFIGURATION;
        private String risk = "";
        private String remediation = "";
        private Set<Kind> kinds = ALL;

        private Builder(String id, GuideStep step, String title) {
            this.id = id;
            this.step = step;
            this.title = title;
        }

        Builder severity(Severity value) {
            this.severity = value;
            return this;
        }

        Builder category(Category value) {
            this.category = value;
            return this;
        }

        Builder risk(String value) {
            this.risk = value;
            return this;
        }

        Builder remediation(String value) {
            this.remediation = value;
            return this;
        }

        Builder auroraOnly() {
            this.kinds = AURORA;
            return this;
        }

        Check rule(Function<SetupProbe, HealthCheck.Verdict> rule) {
            return new Check(new CheckDefinition(id, step, title, severity, category, risk, remediation), kinds, rule);
        }
    }
}
