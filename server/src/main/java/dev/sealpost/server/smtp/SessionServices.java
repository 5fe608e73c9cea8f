package dev.sealpost.server.smtp;

import dev.sealpost.server.auth.AuthFailureThrottle;
import dev.sealpost.server.auth.Authenticator;
import dev.sealpost.server.auth.SenderPolicy;
import dev.sealpost.server.config.ServerConfig;
import dev.sealpost.server.spi.DeliveryTarget;
import java.time.Clock;

/** Everything sessions share: configuration and the services their handlers call. Thread-safe. */
public record SessionServices(
    ServerConfig config,
    LocalRecipients recipients,
    Authenticator authenticator,
    AuthFailureThrottle authThrottle,
    SenderPolicy senderPolicy,
    DeliveryTarget deliveryTarget,
    Clock clock) {}
