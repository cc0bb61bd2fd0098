"""fxsim: bit-accurate simulation of Xilinx ap_fixed arithmetic and hls4ml firmware."""
