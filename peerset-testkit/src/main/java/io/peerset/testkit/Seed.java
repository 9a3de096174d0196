package io.peerset.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The seed of the {@link VirtualNetwork} that {@link VirtualNetworkExtension} gives a test method
 * (or every method of a class). The system property {@value VirtualNetworkExtension#SEED_PROPERTY}
 * overrides it, to replay a failure.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Seed {

    /** @return the seed */
    long value();
}
