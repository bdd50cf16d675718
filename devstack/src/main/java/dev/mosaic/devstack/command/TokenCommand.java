package dev.mosaic.devstack.command;

import java.time.Duration;
import java.util.stream.Stream;

import dev.mosaic.platform.dev.DevIssuer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code token}: prints a bearer token of the stack's development issuer and nothing else, so that
 * {@code $(./mosaic token)} can be used in a header: a customer's (or an admin's), or with {@code --service} and
 * {@code --to} a workload token, one service calling another's port directly.
 */
@Command(name = "token", header = "print a bearer token of the development issuer (a customer's, an admin's or a workload's)",
        customSynopsis = {"./mosaic token [--customer ID] [--admin] [--ttl MINUTES]",
                "       ./mosaic token --service NAME --to SERVICE [--ttl MINUTES]"},
        description = {"Prints a token of the development issuer ./mosaic up created in MOSAIC_HOME/auth: by default"
                + " for customer-1, role customer, valid 60 minutes.",
                "With --service and --to, a workload token: NAME calling SERVICE's port directly (send it as"
                        + " Workload-Authorization: Bearer <token>)."})
public final class TokenCommand extends StackCommand {

    /** The customer {@code token} and the token printed by {@code up} act as, unless told otherwise. */
    static final String DEFAULT_CUSTOMER = "customer-1";
    private static final long MAX_MINUTES = 24 * 60;

    @Option(names = "--customer", paramLabel = "ID", description = "the customer (default " + DEFAULT_CUSTOMER + ")")
    private String customer;

    @Option(names = "--admin", description = "add the admin role")
    private boolean admin;

    @Option(names = "--ttl", paramLabel = "MINUTES", defaultValue = "60",
            description = "minutes the token is valid, 1 to 1440 (default ${DEFAULT-VALUE})")
    private long minutes;

    @Option(names = "--service", paramLabel = "NAME", description = "a workload token for this service (the caller)")
    private String service;

    @Option(names = "--to", paramLabel = "SERVICE", description = "the service the workload token calls")
    private String callee;

    public TokenCommand(CommandContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        if (minutes < 1 || minutes > MAX_MINUTES) {
            throw wrongArgument("--ttl takes minutes between 1 and " + MAX_MINUTES + ", not '" + minutes + "'");
        }
        if (Stream.of(customer, service, callee).anyMatch(value -> value != null && value.isBlank())) {
            throw wrongArgument("--customer, --service and --to need a value");
        }
        boolean workload = service != null || callee != null;
        if (workload && (service == null || callee == null || customer != null || admin)) {
            throw wrongArgument("a workload token needs both --service NAME (the caller)"
                    + " and --to SERVICE (the callee), and no --customer or --admin");
        }
        DevIssuer issuer = context.stack().issuer();
        Duration ttl = Duration.ofMinutes(minutes);
        context.out().println(workload ? issuer.issueWorkload(service, callee, ttl)
                : issuer.issue(customer == null ? DEFAULT_CUSTOMER : customer, admin, ttl));
        return 0;
    }
}
