package dev.mosaic.gateway.edge;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustedProxiesTest {

    private static final TrustedProxies KNATIVE = TrustedProxies.parse(List.of("127.0.0.1", "::1", " 10.0.0.0/8 "));

    @Test
    void withNoTrustedProxiesTheHeaderIsIgnored() {
        assertThat(TrustedProxies.none().client(ip("127.0.0.1"), List.of("203.0.113.7"))).isEqualTo("127.0.0.1");
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverItForwards() {
        assertThat(KNATIVE.client(ip("198.51.100.9"), List.of("203.0.113.7, 10.0.0.5"))).isEqualTo("198.51.100.9");
    }

    @Test
    void behindTrustedProxiesTheRightmostUntrustedHopIsTheClient() {
        // The client forged the first entry; the ingress (10.1.2.3) appended the client's real address.
        assertThat(KNATIVE.client(ip("127.0.0.1"), List.of("6.6.6.6, 203.0.113.7, 10.1.2.3"))).isEqualTo("203.0.113.7");
    }

    @Test
    void repeatedHeadersAreOneListInOrder() {
        assertThat(KNATIVE.client(ip("::1"), List.of("6.6.6.6", "203.0.113.7", "10.1.2.3, 10.4.5.6"))).isEqualTo("203.0.113.7");
    }

    @Test
    void whenEveryHopIsTrustedTheLeftmostIsTheClient() {
        assertThat(KNATIVE.client(ip("127.0.0.1"), List.of("10.9.9.9, 10.1.2.3"))).isEqualTo("10.9.9.9");
        assertThat(KNATIVE.client(ip("127.0.0.1"), List.of())).isEqualTo("127.0.0.1");
    }

    @Test
    void aHopThatIsNoAddressEndsTheWalkSoAClientCannotPickItsKey() {
        assertThat(KNATIVE.client(ip("127.0.0.1"), List.of("203.0.113.7, anything-i-like, 10.1.2.3"))).isEqualTo("10.1.2.3");
    }

    @Test
    void ipv6BlocksAndBracketedHopsAreUnderstood() {
        TrustedProxies trusted = TrustedProxies.parse(List.of("fd00::/8"));
        assertThat(trusted.client(ip("fd12::1"), List.of("[2001:db8::7], fd12::2"))).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(trusted.client(ip("fe80::1"), List.of("2001:db8::7"))).isEqualTo("fe80:0:0:0:0:0:0:1");
    }

    @Test
    void blocksMatchOnTheirPrefixOnly() {
        TrustedProxies trusted = TrustedProxies.parse(List.of("192.168.4.0/22"));
        assertThat(trusted.trusts(ip("192.168.7.255"))).isTrue();
        assertThat(trusted.trusts(ip("192.168.8.0"))).isFalse();
        assertThat(TrustedProxies.parse(List.of("0.0.0.0/0")).trusts(ip("203.0.113.7"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "10.0.0.0/33", "300.1.1.1", "10.0.0.0/x", "::1/129"})
    void entriesThatAreNoAddressOrBlockAreRefusedNamingTheKey(String entry) {
        assertThatThrownBy(() -> TrustedProxies.parse(List.of(entry)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mosaic.gateway.trusted-proxies").hasMessageContaining(entry);
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
