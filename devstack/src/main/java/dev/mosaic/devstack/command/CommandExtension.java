package dev.mosaic.devstack.command;

import picocli.CommandLine;

/**
 * Commands another module adds to {@code ./mosaic} without this module knowing it: an implementation named in that
 * module's {@code META-INF/services/dev.mosaic.devstack.command.CommandExtension} is found with
 * {@link java.util.ServiceLoader} on the class path the orchestrator runs with, and adds its commands after this
 * module's own and before {@code help}. A module that is not on the class path adds nothing: its commands are then
 * unknown commands, like any other.
 */
public interface CommandExtension {

    /**
     * Adds this module's commands to {@code mosaic}, the top-level command line, with {@link CommandLine#addSubcommand}
     * (a command under another one: on that one's {@code CommandLine}, from {@link CommandLine#getSubcommands()}).
     * Each command works on {@code context}, usually as a {@link StackCommand}. The usage headings, the error
     * handlers and the output streams are set by {@code ./mosaic} afterwards, for these commands as for its own.
     */
    void addCommands(CommandLine mosaic, CommandContext context);
}
