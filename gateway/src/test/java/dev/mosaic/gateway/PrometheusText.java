package dev.mosaic.gateway;

/** Samples read from the text the gateway's /metrics answers, as Prometheus reads it. */
public final class PrometheusText {

    private PrometheusText() {
    }

    /** The value of the one sample of {@code name} whose labels include all of {@code labels}. */
    public static double value(String metrics, String name, String... labels) {
        return metrics.lines()
                .filter(line -> line.startsWith(name + "{"))
                .filter(line -> {
                    for (String label : labels) {
                        if (!line.contains(label)) {
                            return false;
                        }
                    }
                    return true;
                })
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .reduce((a, b) -> {
                    throw new AssertionError("more than one sample of " + name + " with " + String.join(",", labels)
                                             + " in:\n" + metrics);
                })
                .orElseThrow(() -> new AssertionError("no sample of " + name + " with " + String.join(",", labels)
                                                      + " in:\n" + metrics));
    }
}
