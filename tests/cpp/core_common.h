// Shared helpers for the core differential harnesses (pasted into each generated source).
// Raw bit patterns travel as ceil(W/64) hex chunks of 64 bits, most significant first.
#include <ap_fixed.h>
#include <ap_int.h>
#include <cstdint>
#include <cstdio>
#include <cstring>

template <int W>
static void put_bits(const ap_int_base<W, false>& u) {
  for (int c = (W + 63) / 64 - 1; c >= 0; --c) {
    ap_int_base<W, false> part = u >> (64 * c);
    unsigned long long v = part.to_uint64();
    std::printf("%016llx", v);
  }
}

template <int W>
static ap_int_base<W, false> get_bits() {
  ap_int_base<W, false> u = 0;
  for (int c = (W + 63) / 64 - 1; c >= 0; --c) {
    unsigned long long v = 0;
    if (std::scanf("%llx", &v) != 1) std::fprintf(stderr, "bad raw chunk\n");
    u = (u << 64) | ap_int_base<W, false>(v);
  }
  return u;
}

// Raw bits of any ap_fixed/ap_ufixed/ap_int/ap_uint (template deduction goes through the base).
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N>
static void put_raw(const ap_fixed_base<W, I, S, Q, O, N>& x) {
  ap_int_base<W, false> u;
  u.V = x.V;
  put_bits<W>(u);
}
template <int W, bool S>
static void put_raw(const ap_int_base<W, S>& x) {
  ap_int_base<W, false> u;
  u.V = x.V;
  put_bits<W>(u);
}

template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N>
static void set_raw(ap_fixed_base<W, I, S, Q, O, N>& x) {
  x.V = get_bits<W>().V;
}
template <int W, bool S>
static void set_raw(ap_int_base<W, S>& x) {
  x.V = get_bits<W>().V;
}

// "W I S is_int" of a value's static type.
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N>
static void put_type(const ap_fixed_base<W, I, S, Q, O, N>&) {
  std::printf("%d %d %d 0", W, I, (int)S);
}
template <int W, bool S>
static void put_type(const ap_int_base<W, S>&) {
  std::printf("%d %d %d 1", W, W, (int)S);
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
