package dev.ingestrunbooks.evidence;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {

    @Test
    void masksEveryRegisteredSecretLongestFirst() {
        Secrets.register("s3cr3t-value");
        Secrets.register("s3cr3t-value-longer");
        assertThat(Secrets.mask("CREATE USER materialize PASSWORD 's3cr3t-value-longer'; -- s3cr3t-value"))
                .isEqualTo("CREATE USER materialize PASSWORD '****'; -- ****");
    }

    @Test
    void tooShortValuesAndNullAreLeftAlone() {
        Secrets.register("abc");
        assertThat(Secrets.mask("abcdef")).isEqualTo("abcdef");
        assertThat(Secrets.mask(null)).isNull();
    }
}
