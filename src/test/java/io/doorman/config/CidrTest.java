package io.doorman.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @Test
    void containsMatchesPrefix() throws Exception {
        Cidr net = Cidr.parse("192.168.0.0/16");
        assertThat(net.contains(InetAddress.getByName("192.168.77.1"))).isTrue();
        assertThat(net.contains(InetAddress.getByName("192.169.0.1"))).isFalse();
        assertThat(Cidr.parse("10.0.0.0/9").contains(InetAddress.getByName("10.127.255.255"))).isTrue();
        assertThat(Cidr.parse("10.0.0.0/9").contains(InetAddress.getByName("10.128.0.0"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("8.8.8.8"))).isTrue();
    }

    @Test
    void bareAddressIsSingleHost() throws Exception {
        Cidr one = Cidr.parse("10.1.2.3");
        assertThat(one.prefixLength()).isEqualTo(32);
        assertThat(one.contains(InetAddress.getByName("10.1.2.3"))).isTrue();
        assertThat(one.contains(InetAddress.getByName("10.1.2.4"))).isFalse();
        assertThat(Cidr.parse("::1").prefixLength()).isEqualTo(128);
    }

    @Test
    void ipv6Networks() throws Exception {
        Cidr ula = Cidr.parse("fc00::/7");
        assertThat(ula.contains(InetAddress.getByName("fd12:3456::1"))).isTrue();
        assertThat(ula.contains(InetAddress.getByName("fe80::1"))).isFalse();
        assertThat(ula.contains(InetAddress.getByName("10.0.0.1"))).isFalse();
        assertThat(Cidr.parse("2001:db8::/32").contains(InetAddress.getByName("2001:db8:ffff::1"))).isTrue();
        assertThat(Cidr.parse("1:2:3:4:5:6:7:8/128").contains(InetAddress.getByName("1:2:3:4:5:6:7:8"))).isTrue();
    }

    @Test
    void mappedIpv6NetworkMatchesIpv4Peers() throws Exception {
        Cidr mapped = Cidr.parse("::ffff:10.0.0.0/104");
        assertThat(mapped).isEqualTo(Cidr.parse("10.0.0.0/8"));
        assertThat(mapped.contains(InetAddress.getByName("10.9.9.9"))).isTrue();
    }

    @Test
    void hostBitsAreMaskedAndEqualityIsByNetwork() {
        assertThat(Cidr.parse("10.1.2.3/8")).isEqualTo(Cidr.parse("10.0.0.0/8"));
        assertThat(Cidr.parse("10.1.2.3/8").network()).containsExactly(10, 0, 0, 0);
        assertThat(Cidr.parse("10.1.2.3/8")).hasToString("10.1.2.3/8");
    }

    @Test
    void networkArrayCannotBeChangedFromOutside() {
        Cidr c = Cidr.parse("10.0.0.0/8");
        c.network()[0] = 99;
        assertThat(c.network()[0]).isEqualTo((byte) 10);
    }

    @Test
    void parsesLists() {
        assertThat(Cidr.parseList("127.0.0.0/8, ::1/128 10.0.0.0/8")).hasSize(3);
        assertThat(Cidr.parseList("")).isEmpty();
        assertThat(Cidr.parseList("none")).isEmpty();
        assertThat(Cidr.LOOPBACK).containsExactly(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.256/8", "10.0.0/8", "010.0.0.0/8", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/+8",
        "::1/129", ":::/0", "1::2::3", "example.com", "1.2.3.4.5", "fe80::1%eth0", "1:2:3:4:5:6:7:8:9", "12345::1"})
    void rejectsMalformedWithoutDnsLookups(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.contains("/") ? text.substring(0, text.indexOf('/')) : text);
    }
}
