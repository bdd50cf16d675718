package dev.mosaic.e2e;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The metric names read out of PromQL: selectors only, never functions, keywords, labels or variables. */
class ObservabilityQueriesTest {

    @Test
    void namesAreTheSelectedMetricsOnly() {
        assertThat(ObservabilityQueries.metricNames("histogram_quantile(0.95, sum by (job, le) (rate("
                + "mosaic_http_server_requests_seconds_bucket{job=\"$job\", route!=\"/events\"}[$__rate_interval])))"))
                .containsExactly("mosaic_http_server_requests_seconds_bucket");
        assertThat(ObservabilityQueries.metricNames("(sum(rate(mosaic_orders_cancelled_total{reason=\"TIMEOUT\"}[5m])) or vector(0))"
                + " / ignoring(job) group_left(route) mosaic:orders_attempted:rate5m > bool 1e9 offset 5m"))
                .containsExactly("mosaic_orders_cancelled_total", "mosaic:orders_attempted:rate5m");
        assertThat(ObservabilityQueries.metricNames("max by (job, method) (delta(ft_circuitbreaker_state_total_nanoseconds"
                + "{state=\"open\"}[2m])) > 0 and on (job) up")).containsExactly("ft_circuitbreaker_state_total_nanoseconds", "up");
    }

    @Test
    void everyRuleAndDashboardOfTheRepositoryIsRead() {
        ObservabilityQueries queries = ObservabilityQueries.of(MosaicStack.REPO.resolve("observability"));

        assertThat(queries.recorded()).contains("mosaic:orders_error_ratio:rate1h", "job:mosaic_http_requests_slow_ratio:rate5m");
        assertThat(queries.references()).containsKeys("mosaic_dead_letters", "mosaic_outbox_oldest_age_seconds",
                "mosaic_events_consumer_lag", "ft_circuitbreaker_state_total_nanoseconds", "mosaic_orders_placed_total",
                "mosaic:orders_error_ratio:rate1h");
        assertThat(queries.references().get("mosaic_orders_completion_seconds_bucket"))
                .anyMatch(where -> where.startsWith(Path.of("grafana", "dashboards", "saga.json").toString()));
        // A block scalar's lines are all read: the second line of the order-failure expression names this one.
        assertThat(queries.references()).containsKey("mosaic_http_server_requests_seconds_count");
        assertThat(queries.references().keySet()).noneMatch(name -> name.startsWith("$") || name.equals("by")
                || name.equals("sum") || name.equals("le") || name.equals("job"));
    }
}
