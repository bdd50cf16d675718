package dev.mosaic.devstack.command;

import picocli.CommandLine.Option;

/** {@code -h, --help}: a command's usage and options. Every command has it but those that pass their arguments on. */
public final class HelpOption {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    private boolean requested;
}
