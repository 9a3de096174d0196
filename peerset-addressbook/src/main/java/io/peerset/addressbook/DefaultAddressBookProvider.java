package io.peerset.addressbook;

import io.peerset.api.spi.AddressBook;
import io.peerset.api.spi.AddressBookConfig;
import io.peerset.api.spi.AddressBookContext;
import io.peerset.api.spi.AddressBookProvider;

/**
 * Provides {@link DefaultAddressBook} under the name {@code "default"}.
 *
 * <p>Thread-safe; {@link #create} starts nothing.
 */
public final class DefaultAddressBookProvider implements AddressBookProvider {

    /** The configuration name of this provider. */
    public static final String NAME = "default";

    /** Public no-arg constructor for {@link java.util.ServiceLoader}. */
    public DefaultAddressBookProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public AddressBook create(AddressBookConfig config, AddressBookContext context) {
        return new DefaultAddressBook(config, context);
    }
}
