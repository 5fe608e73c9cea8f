package dev.sealpost.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SenderPolicyTest {

  private final SenderPolicy policy = new SenderPolicy(Map.of(
      "Alice@Example.org", List.of("postmaster@example.org", "@Lists.Example.org"),
      "robot@example.org", List.of("<>"),
      "webapp@example.org", List.of("*")));

  @Test
  void everyoneMayUseTheirOwnAddressIgnoringCase() {
    assertThat(policy.mayUse("Alice@Example.org", "alice@example.org")).isTrue();
    assertThat(policy.mayUse("Alice@Example.org", "ALICE@EXAMPLE.ORG")).isTrue();
    assertThat(policy.mayUse("bob@example.org", "bob@example.org")).isTrue();
    assertThat(policy.mayUse("bob@example.org", "alice@example.org")).isFalse();
    assertThat(SenderPolicy.ownAddressOnly().mayUse("bob@example.org", "Bob@Example.ORG")).isTrue();
  }

  @Test
  void grantedAddressesAndDomains() {
    assertThat(policy.mayUse("alice@example.org", "PostMaster@example.org")).isTrue();
    assertThat(policy.mayUse("alice@example.org", "announce@lists.example.org")).isTrue();
    assertThat(policy.mayUse("alice@example.org", "x@sub.lists.example.org")).isFalse();
    assertThat(policy.mayUse("alice@example.org", "x@example.org")).isFalse();
    assertThat(policy.mayUse("alice@example.org", "postmaster@example.org.evil")).isFalse();
    assertThat(policy.mayUse("alice@example.org", "\"a@b\"@lists.example.org")).isTrue();
  }

  @Test
  void nullReversePathOnlyWhenGranted() {
    assertThat(policy.mayUse("robot@example.org", "")).isTrue();
    assertThat(policy.mayUse("alice@example.org", "")).isFalse();
    assertThat(policy.mayUse("webapp@example.org", "")).isFalse(); // * does not include <>
    assertThat(policy.mayUse("robot@example.org", "someone@example.org")).isFalse();
  }

  @Test
  void starAllowsAnyAddress() {
    assertThat(policy.mayUse("webapp@example.org", "ceo@elsewhere.example")).isTrue();
  }

  @Test
  void refusesPatternsThatMeanNothing() {
    for (String bad : List.of("", "example.org", "user@", "@", "a b@x.org", "<a@x.org>")) {
      assertThatThrownBy(() -> new SenderPolicy(Map.of("u@x.org", List.of(bad))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"" + bad + "\"");
    }
  }
}
