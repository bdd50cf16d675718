package dev.mosaic.platform.data;

import java.util.HashSet;
import java.util.Set;
import java.util.logging.Logger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.PersistenceContext;

/**
 * Makes every bean that writes through a {@code @PersistenceContext} (the service's repositories and the
 * platform's outbox, inbox and stores) share one persistence context per transaction, so that a change and its
 * outbox event go through one connection and commit together.
 * <p>
 * Why this is needed: Helidon 4.1.6 keys a transaction's EntityManager by the injected {@code JtaEntityManager}
 * instance, and beans created on different threads get different instances. A bean first used on a request
 * thread would then write through a second connection, turning the transaction into a two-phase commit over two
 * local (non-XA) connections: not atomic across a crash, two pooled connections, a transaction log write per
 * request. Creating all such beans on one thread, at start-up, gives them the same instance.
 */
public class OnePersistenceContext implements Extension {

    private static final Logger LOG = Logger.getLogger(OnePersistenceContext.class.getName());

    private final Set<Class<?>> writers = new HashSet<>();

    <T> void collect(@Observes @WithAnnotations(PersistenceContext.class) ProcessAnnotatedType<T> type) {
        writers.add(type.getAnnotatedType().getJavaClass());
    }

    /** Runs after the migrations, before consumers, relays and the web server hand out work. */
    void createTogether(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) @Initialized(ApplicationScoped.class)
                        Object ignored, BeanManager beans) {
        int created = 0;
        for (Class<?> writer : writers) {
            for (Bean<?> bean : beans.getBeans(writer)) {
                if (bean.getBeanClass().equals(writer) && beans.isNormalScope(bean.getScope())) {
                    // toString() through the client proxy creates the instance now, on this thread
                    // (hashCode() would not: the proxy answers it itself).
                    beans.getReference(bean, writer, beans.createCreationalContext(bean)).toString();
                    created++;
                }
            }
        }
        int count = created;
        LOG.fine(() -> count + " persistence-context users created together: " + writers);
    }
}
