import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * What checking one event payload costs a process that has not checked one yet: Bean Validation (Hibernate
 * Validator) or the platform's way (PayloadCheck: plain comparisons). One run checks one payload with three broken
 * fields and prints the wall time, the main thread's CPU time, the resident memory it added and the classes loaded.
 */
public final class Probe {

    record Money(@NotNull @PositiveOrZero Long amount, @NotBlank @Pattern(regexp = "^[A-Z]{3}$") String currency) {
    }

    record Authorize(@NotBlank @Size(max = 64) String orderId, @NotBlank @Size(max = 128) String customerId,
                     @NotNull @Valid Money amount, @NotBlank @Size(max = 128) String paymentToken) {
    }

    public static void main(String[] args) throws Exception {
        Authorize payload = new Authorize("o-1", "", new Money(-1L, "eur"), "tok_ok");
        long rssBefore = rssKb();
        long cpuBefore = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long start = System.nanoTime();
        int broken = args[0].equals("bean-validation") ? beanValidation(payload) : plain(payload);
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        long cpuMs = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuBefore) / 1_000_000;
        System.out.printf("%s %d %d %d %d %d%n", args[0], broken, wallMs, cpuMs, (rssKb() - rssBefore) / 1024,
                ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
    }

    private static int beanValidation(Authorize payload) {
        Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
        return validator.validate(payload).size();
    }

    private static int plain(Authorize payload) {
        List<String> problems = new ArrayList<>();
        if (payload.customerId() == null || payload.customerId().isBlank()) {
            problems.add("customerId is required");
        }
        if (payload.amount().amount() < 0) {
            problems.add("amount.amount is negative");
        }
        if (!payload.amount().currency().matches("^[A-Z]{3}$")) {
            problems.add("amount.currency is not an ISO 4217 code");
        }
        return problems.size();
    }

    private static long rssKb() throws Exception {
        for (String line : Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }
}
