package dev.mosaic.drill;

/** What the drill needs of the orchestrator: the same up, down, kill and start as {@code ./mosaic}. */
public interface StackControl {

    /** Starts every process and waits until all are ready; false (after saying why) if that failed. */
    boolean up();

    /** Stops everything this stack runs, strays included. */
    void down();

    /** SIGKILL of one process; false if it was not running. */
    boolean kill(String name);

    /** Starts one process again and waits until it is ready; false (after saying why) if it did not get ready. */
    boolean start(String name);
}
