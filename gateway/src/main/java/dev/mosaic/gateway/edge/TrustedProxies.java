package dev.mosaic.gateway.edge;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which peers may tell the gateway who the client is. Behind Knative every request arrives from the pod's
 * queue-proxy, so the socket address is one address for everyone; the client is then in {@code X-Forwarded-For}, to
 * which each proxy on the way appends the address it received the request from. Only entries appended by proxies
 * the gateway trusts are believed: walking the header from the right, trusted proxies are skipped and the first
 * other address is the client. Anything left of it was written by the client itself and may be forged.
 */
final class TrustedProxies {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    // Starts with a hex digit or a colon and has a colon: InetAddress parses exactly such text as a literal, no DNS.
    private static final Pattern IPV6 = Pattern.compile("(?=.*:)[0-9A-Fa-f:][0-9A-Fa-f:.]*");

    private record Block(byte[] network, int prefixBits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefixBits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return rest == 0 || (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    /**
     * Parses addresses ({@code 127.0.0.1}, {@code ::1}) and CIDR blocks ({@code 10.0.0.0/8}, {@code fd00::/8}).
     *
     * @throws IllegalStateException naming the entry and the key when one is not an IP literal or block
     */
    static TrustedProxies parse(List<String> entries) {
        List<Block> blocks = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            byte[] network = slash < 0 ? literal(entry) : literal(entry.substring(0, slash));
            int bits = network == null ? -1 : network.length * 8;
            if (network != null && slash >= 0) {
                try {
                    bits = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
            }
            if (network == null || bits < 0 || bits > network.length * 8) {
                throw new IllegalStateException("mosaic.gateway.trusted-proxies: '" + entry + "' is not an IP address or "
                        + "CIDR block (e.g. 127.0.0.1, ::1, 10.0.0.0/8); host names are not accepted");
            }
            blocks.add(new Block(network, bits));
        }
        return new TrustedProxies(blocks);
    }

    boolean isEmpty() {
        return blocks.isEmpty();
    }

    boolean trusts(InetAddress address) {
        byte[] bytes = address.getAddress();
        return blocks.stream().anyMatch(block -> block.contains(bytes));
    }

    /**
     * The client of a request that came from {@code peer} with these {@code X-Forwarded-For} values (in header order):
     * the peer itself unless it is trusted; else the rightmost forwarded address that is not a trusted proxy (the
     * leftmost when all are). An entry that is not an IP literal ends the walk as if the header ended there: no trusted
     * proxy appends such a thing, so the client wrote it, and a client must not choose its own key.
     */
    String client(InetAddress peer, List<String> forwardedFor) {
        if (!trusts(peer)) {
            return peer.getHostAddress();
        }
        List<String> hops = new ArrayList<>();
        for (String value : forwardedFor) {
            for (String hop : value.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.strip());
                }
            }
        }
        String client = peer.getHostAddress();
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            byte[] address = literal(unbracket(hop));
            if (address == null) {
                return client;
            }
            client = canonical(address);
            if (!blocks.stream().anyMatch(block -> block.contains(address))) {
                return client;
            }
        }
        return client;
    }

    private static String unbracket(String hop) {
        // RFC 7239 style "[2001:db8::1]"; X-Forwarded-For carries no ports in practice.
        return hop.startsWith("[") && hop.endsWith("]") ? hop.substring(1, hop.length() - 1) : hop;
    }

    private static String canonical(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);  // 4 or 16 bytes, which getByAddress always accepts
        }
    }

    /**
     * The bytes of an IPv4 or IPv6 literal, or null. Never a name lookup: a forwarded header must not make the gateway
     * ask DNS anything.
     */
    static byte[] literal(String text) {
        var v4 = IPV4.matcher(text);
        if (v4.matches()) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(v4.group(i + 1));
                if (octet > 255) {
                    return null;
                }
                bytes[i] = (byte) octet;
            }
            return bytes;
        }
        if (IPV6.matcher(text).matches()) {
            try {
                // An IPv4-mapped literal (::ffff:10.0.0.1) comes back as 4 bytes: the same host either way.
                return InetAddress.getByName(text).getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return null;
    }
}
