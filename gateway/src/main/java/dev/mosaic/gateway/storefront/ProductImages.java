package dev.mosaic.gateway.storefront;

import java.util.Locale;
import java.util.Map;

/**
 * Draws a product's picture as a small SVG from its sku: the sku's first part (COF, TEA, KIT, ...) picks a colour
 * and a motif, the sku is written under it. A few hundred bytes, no image files to ship or host, and every sku of the
 * demo catalog (and any added later) has a picture that resolves.
 */
final class ProductImages {

    private record Style(String background, String ink, String motif) {
    }

    private static final Style OTHER = new Style("#e8ecf2", "#3b4a63", "<rect x='60' y='28' width='40' height='40' rx='6'/>");
    // Motifs are a few strokes each: a bean, a leaf, a cone dripper, a mug, a tent, a bottle, a book, a parcel.
    private static final Map<String, Style> STYLES = Map.of(
            "cof", new Style("#f3e6da", "#6b3e1f", "<ellipse cx='80' cy='48' rx='16' ry='22'/><path d='M80 27q-9 21 0 42' fill='none' stroke='#f3e6da' stroke-width='3'/>"),
            "tea", new Style("#e4f1e1", "#2f6b2a", "<path d='M62 66q0-34 36-40q2 34-36 40z'/><path d='M62 66l24-26' stroke='#e4f1e1' stroke-width='2'/>"),
            "kit", new Style("#e6eaf0", "#3b4a63", "<path d='M58 30h44l-14 30h-16z'/><rect x='66' y='62' width='28' height='6' rx='2'/>"),
            "mug", new Style("#e3eef7", "#1f5a85", "<rect x='60' y='30' width='32' height='38' rx='4'/><path d='M92 38h6a8 8 0 0 1 0 18h-6' fill='none' stroke='#1f5a85' stroke-width='4'/>"),
            "cup", new Style("#e3eef7", "#1f5a85", "<path d='M60 38h36l-4 24h-28z'/><rect x='54' y='64' width='48' height='5' rx='2'/>"),
            "out", new Style("#eaf0e0", "#4b5e1f", "<path d='M80 24l26 44h-52z'/><path d='M80 44l8 24h-16z' fill='#eaf0e0'/>"),
            "bok", new Style("#f4ece0", "#7a4b12", "<path d='M56 30h22v38h-22zM82 30h22v38h-22z'/>"),
            "bot", new Style("#e1f0f0", "#1f6666", "<rect x='70' y='22' width='20' height='8' rx='2'/><rect x='64' y='30' width='32' height='40' rx='8'/>"),
            "gft", new Style("#f6e6ec", "#8a2450", "<rect x='58' y='40' width='44' height='28'/><rect x='56' y='32' width='48' height='9'/><rect x='77' y='32' width='6' height='36' fill='#f6e6ec'/>"));

    private ProductImages() {
    }

    /** The picture of {@code sku} (lower case, letters, digits and dashes; checked by the caller). */
    static String svg(String sku) {
        String prefix = sku.contains("-") ? sku.substring(0, sku.indexOf('-')) : sku;
        Style style = STYLES.getOrDefault(prefix.toLowerCase(Locale.ROOT), OTHER);
        return "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 160 100' width='160' height='100' role='img'>"
               + "<rect width='160' height='100' fill='" + style.background() + "'/>"
               + "<g fill='" + style.ink() + "'>" + style.motif() + "</g>"
               + "<text x='80' y='90' text-anchor='middle' font-family='sans-serif' font-size='10' fill='" + style.ink()
               + "'>" + sku.toUpperCase(Locale.ROOT) + "</text></svg>";
    }
}
