package dev.mosaic.drill;

/** Bearer tokens for the drill's calls: one per virtual customer through the gateway, an admin one for services. */
public interface TokenSource {

    /** A token for {@code customerId}, without the "Bearer " prefix. */
    String customer(String customerId);

    /** A token with the admin role, for admin and inspection calls. */
    String admin();
}
