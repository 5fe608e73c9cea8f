package dev.sealpost.server.auth;

import dev.sealpost.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthFailureThrottleTest {

  private final MutableClock clock = new MutableClock();
  private final AuthFailureThrottle throttle = new AuthFailureThrottle(clock);

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private List<Long> failSeconds(InetAddress client, int times) {
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      delays.add(throttle.delayBeforeFailureReply(client).toSeconds());
      throttle.recordFailure(client);
    }
    return delays;
  }

  @Test
  void delayDoublesFromOneSecondUpToSixteen() {
    assertThat(failSeconds(ip("192.0.2.1"), 7)).containsExactly(1L, 2L, 4L, 8L, 16L, 16L, 16L);
  }

  @Test
  void successResets() {
    InetAddress c = ip("192.0.2.1");
    failSeconds(c, 3);
    throttle.recordSuccess(c);
    assertThat(throttle.delayBeforeFailureReply(c)).isEqualTo(Duration.ofSeconds(1));
    assertThat(throttle.tracked()).isZero();
  }

  @Test
  void failuresAreForgottenAfterFifteenQuietMinutes() {
    InetAddress c = ip("192.0.2.1");
    failSeconds(c, 3);
    clock.advance(Duration.ofMinutes(14));
    assertThat(failSeconds(c, 1)).containsExactly(8L); // still remembered, and the quiet period restarts
    clock.advance(Duration.ofMinutes(14));
    assertThat(throttle.delayBeforeFailureReply(c)).isEqualTo(Duration.ofSeconds(16));
    clock.advance(Duration.ofMinutes(1));
    assertThat(throttle.delayBeforeFailureReply(c)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void ipv4AddressesAreTrackedOneByOne() {
    failSeconds(ip("192.0.2.1"), 3);
    assertThat(throttle.delayBeforeFailureReply(ip("192.0.2.2"))).isEqualTo(Duration.ofSeconds(1));
    assertThat(throttle.delayBeforeFailureReply(ip("::ffff:192.0.2.1"))).isEqualTo(Duration.ofSeconds(8));
  }

  @Test
  void ipv6AddressesShareTheirSlash64() {
    failSeconds(ip("2001:db8:1:2::1"), 2);
    assertThat(throttle.delayBeforeFailureReply(ip("2001:db8:1:2:ffff:ffff:ffff:ffff"))).isEqualTo(Duration.ofSeconds(4));
    assertThat(throttle.delayBeforeFailureReply(ip("2001:db8:1:3::1"))).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void memoryIsBoundedByForgettingTheOldest() {
    AuthFailureThrottle small = new AuthFailureThrottle(clock, 2);
    small.recordFailure(ip("192.0.2.1"));
    clock.advance(Duration.ofSeconds(1));
    small.recordFailure(ip("192.0.2.2"));
    clock.advance(Duration.ofSeconds(1));
    small.recordFailure(ip("192.0.2.1")); // now the most recent
    small.recordFailure(ip("192.0.2.3"));
    assertThat(small.tracked()).isEqualTo(2);
    assertThat(small.delayBeforeFailureReply(ip("192.0.2.2"))).isEqualTo(Duration.ofSeconds(1));
    assertThat(small.delayBeforeFailureReply(ip("192.0.2.1"))).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void quietNetworksAreDroppedFromMemory() {
    for (int i = 0; i < 50; i++) {
      throttle.recordFailure(ip("192.0.2." + i));
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(throttle.tracked()).isEqualTo(15);
  }
}
