package dev.ingestrunbooks.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Ipv4CidrTest {

    @Test
    void containmentFollowsThePrefix() {
        assertThat(Ipv4Cidr.contains("127.0.0.1/32", "127.0.0.1/32")).isTrue();
        assertThat(Ipv4Cidr.contains("127.0.0.1/32", "127.0.0.2/32")).isFalse();
        assertThat(Ipv4Cidr.contains("127.0.0.0/8", "127.0.0.2")).isTrue();
        assertThat(Ipv4Cidr.contains("0.0.0.0/0", "203.0.113.10/32")).isTrue();
        assertThat(Ipv4Cidr.contains("10.0.0.0/24", "10.0.0.0/16")).as("a wider block is not inside").isFalse();
    }

    @Test
    void onlyWellFormedBlocksParse() {
        assertThat(Ipv4Cidr.parse("203.0.113.10/32")).contains(new Ipv4Cidr(0xCB00710AL, 32));
        for (String bad : new String[] {"300.1.1.1/32", "1.2.3/8", "1.2.3.4/33", "1.2.3.4/", "a.b.c.d/1", "::/0"}) {
            assertThat(Ipv4Cidr.parse(bad)).as(bad).isEmpty();
        }
        assertThat(Ipv4Cidr.contains("nonsense", "1.2.3.4")).isFalse();
    }
}
