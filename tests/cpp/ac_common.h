// Shared helpers for the ac_fixed/ac_int differential harnesses (pasted into each generated source).
// Raw bit patterns travel as ceil(W/64) hex chunks of 64 bits, most significant first.
#include <ac_fixed.h>
#include <ac_int.h>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <string>

template <int W>
static void put_bits(const ac_int<W, false>& u) {
  for (int c = (W + 63) / 64 - 1; c >= 0; --c) {
    ac_int<W, false> part = u >> (64 * c);
    unsigned long long v = part.to_uint64();
    std::printf("%016llx", v);
  }
}

template <int W>
static ac_int<W, false> get_bits() {
  ac_int<W, false> u = 0;
  for (int c = (W + 63) / 64 - 1; c >= 0; --c) {
    unsigned long long v = 0;
    if (std::scanf("%llx", &v) != 1) std::fprintf(stderr, "bad raw chunk\n");
    u = (u << 64) | ac_int<W, false>((Ulong)v);
  }
  return u;
}

template <int W, int I, bool S, ac_q_mode Q, ac_o_mode O>
static void put_raw(const ac_fixed<W, I, S, Q, O>& x) {
  ac_int<W, false> u = x.template slc<W>(0);
  put_bits<W>(u);
}
template <int W, bool S>
static void put_raw(const ac_int<W, S>& x) {
  ac_int<W, false> u = x;
  put_bits<W>(u);
}

template <int W, int I, bool S, ac_q_mode Q, ac_o_mode O>
static void set_raw(ac_fixed<W, I, S, Q, O>& x) {
  x.set_slc(0, get_bits<W>());
}
template <int W, bool S>
static void set_raw(ac_int<W, S>& x) {
  x = get_bits<W>();
}

// "W I S is_int" of a value's static type.
template <int W, int I, bool S, ac_q_mode Q, ac_o_mode O>
static void put_type(const ac_fixed<W, I, S, Q, O>&) {
  std::printf("%d %d %d 0", W, I, (int)S);
}
template <int W, bool S>
static void put_type(const ac_int<W, S>&) {
  std::printf("%d %d %d 1", W, W, (int)S);
}

template <class T>
static void put_text(const T& x) {
  std::ostringstream os;
  os << x;
  std::printf("%s", os.str().c_str());
}

static double read_double() {
  unsigned long long b = 0;
  if (std::scanf("%llx", &b) != 1) std::fprintf(stderr, "bad double\n");
  double d;
  std::memcpy(&d, &b, sizeof d);
  return d;
}

static float read_float() {
  unsigned int b = 0;
  if (std::scanf("%x", &b) != 1) std::fprintf(stderr, "bad float\n");
  float f;
  std::memcpy(&f, &b, sizeof f);
  return f;
}

static void put_double(double d) {
  unsigned long long b;
  std::memcpy(&b, &d, sizeof b);
  std::printf("%016llx", b);
}
