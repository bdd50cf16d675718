-- wrk script: one machine-readable RESULT line after the run (latencies in microseconds), read by bench/gateway/run.
-- BENCH_PACE_MS > 0 makes every connection wait that long before each request: a fixed, moderate offered load
-- instead of as many requests as the server can take.
local pace = tonumber(os.getenv("BENCH_PACE_MS") or "0")
if pace > 0 then
    function delay()
        return pace
    end
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        "RESULT requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d"
            .. " connect_errors=%d read_errors=%d write_errors=%d status_errors=%d timeouts=%d\n",
        summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
        latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
