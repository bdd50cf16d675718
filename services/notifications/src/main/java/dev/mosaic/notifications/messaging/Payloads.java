package dev.mosaic.notifications.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.mosaic.notifications.domain.SourceEvent;
import dev.mosaic.platform.events.CloudEvent;
import dev.mosaic.platform.events.InvalidEventException;

/**
 * What every handler needs around its payload: the identity of the event, and contract checks. An event that
 * breaks its contract can never be told, however often it is retried, so it fails as
 * {@link InvalidEventException} and goes to the dead letters at once.
 */
final class Payloads {

    private static final Pattern CURRENCY = Pattern.compile("^[A-Z]{3}$");

    private Payloads() {
    }

    static SourceEvent origin(CloudEvent event) {
        return new SourceEvent(event.source(), event.id(), event.type());
    }

    static Check check(String type) {
        return new Check(type);
    }

    /** Collects every contract violation of one payload, then fails with all of them. */
    static final class Check {

        private final String type;
        private final List<String> problems = new ArrayList<>();

        private Check(String type) {
            this.type = type;
        }

        Check text(String value, String field, int max) {
            if (value == null || value.isBlank()) {
                problems.add(field + " is required");
            } else if (value.length() > max) {
                problems.add(field + " is longer than " + max + " characters");
            }
            return this;
        }

        Check money(MoneyPayload money, String field) {
            if (money == null) {
                problems.add(field + " is required");
            } else {
                if (money.amount() == null || money.amount() < 0) {
                    problems.add(field + ".amount is required and must not be negative (minor units)");
                }
                if (money.currency() == null || !CURRENCY.matcher(money.currency()).matches()) {
                    problems.add(field + ".currency must be an ISO 4217 code such as EUR");
                }
            }
            return this;
        }

        Check that(boolean valid, String problem) {
            if (!valid) {
                problems.add(problem);
            }
            return this;
        }

        void orThrow() {
            if (!problems.isEmpty()) {
                throw new InvalidEventException("Payload of " + type + " breaks its contract: "
                        + String.join("; ", problems));
            }
        }
    }
}
