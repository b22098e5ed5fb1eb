package dev.fleetsh.engine.internal.ssh;

import static dev.fleetsh.engine.internal.ssh.AsyncStreams.READ_MAX;
import static dev.fleetsh.engine.internal.ssh.AsyncStreams.READ_MIN;
import static dev.fleetsh.engine.internal.ssh.AsyncStreams.nextSize;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AsyncStreamsTest {

  @Test
  void readsGrowWhileTheyComeBackFullUpToTheLargest() {
    int size = READ_MIN;
    for (int i = 0; i < 10; i++) {
      size = nextSize(size, size);
    }
    assertThat(size).isEqualTo(READ_MAX);
    assertThat(nextSize(READ_MAX, READ_MAX)).isEqualTo(READ_MAX);
  }

  @Test
  void smallReadsShrinkTheNextToTheSmallestSoAnIdleChannelHoldsLittle() {
    int size = READ_MAX;
    // A marker line after each command: a few dozen bytes.
    for (int i = 0; i < 10; i++) {
      size = nextSize(size, 40);
    }
    assertThat(size).isEqualTo(READ_MIN);
  }

  @Test
  void aReadBetweenAQuarterAndFullKeepsTheSize() {
    assertThat(nextSize(16 * 1024, 8 * 1024)).isEqualTo(16 * 1024);
    assertThat(nextSize(16 * 1024, 4 * 1024)).isEqualTo(16 * 1024);
    assertThat(nextSize(16 * 1024, 4 * 1024 - 1)).isEqualTo(8 * 1024);
    // The end of a stream (-1) or nothing read also shrinks.
    assertThat(nextSize(16 * 1024, -1)).isEqualTo(8 * 1024);
  }
}
