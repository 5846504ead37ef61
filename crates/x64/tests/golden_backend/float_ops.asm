; 303 bytes, alignment 16, prolog 8 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind Alloc { code_offset: 8, size: 16 }
; gc: code length 303, stack base Some(5), return Scalar, safepoints [112], interruptible [], slots 0
; debug bounds: 0x0=IL-2
; fixup Lazy [30 0b 3a 3c 3e 40 42 44 46 48 4a 4c 52]
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  sub     rsp,0x10
  0008  movaps  xmm2,xmm0
  000b  movaps  xmm3,xmm1
  000e  cvtss2sd xmm0,xmm3
  0012  movsd   [rbp-8],xmm0
  0017  mov     rax,rdi
  001a  xorps   xmm0,xmm0
  001d  cvtsi2sd xmm0,eax
  0021  movaps  xmm4,xmm0
  0024  movaps  xmm0,xmm2
  0027  mulsd   xmm0,xmm4
  002b  movaps  xmm5,xmm0
  002e  mov     rax,rsi
  0031  xorps   xmm0,xmm0
  0034  cvtsi2sd xmm0,rax
  0039  test    rax,rax
  003c  jns     short 0x51
  003e  mov     rax,0x43F0000000000000
  0048  movq    xmm1,rax
  004d  addsd   xmm0,xmm1
  0051  movaps  xmm2,xmm0
  0054  movaps  xmm0,xmm5
  0057  addsd   xmm0,xmm2
  005b  movsd   [rbp-0x10],xmm0
  0060  movaps  xmm0,xmm3
  0063  mov     rdi,rsi
  0066  movsd   xmm1,[rbp-0x10]
  006b  call    qword ptr [0x71]    ; Rel32 method-call cell [14 02]
  0071  movaps  xmm2,xmm0
  0074  cvtss2sd xmm0,xmm2
  0078  movaps  xmm3,xmm0
  007b  movaps  xmm0,xmm3
  007e  ucomisd xmm0,[rbp-8]
  0083  setb    al
  0086  movzx   eax,al
  0089  mov     rsi,rax
  008c  test    esi,esi
  008e  je      short 0xB1
  0090  mov     rax,0x8000000000000000
  009a  movq    xmm1,rax
  009f  movaps  xmm0,xmm3
  00a2  xorps   xmm0,xmm1
  00a5  movaps  xmm2,xmm0
  00a8  movaps  xmm0,xmm2
  00ab  add     rsp,0x10
  00af  pop     rbp
  00b0  ret
  00b1  mov     rax,0x3FF8000000000000
  00bb  movq    xmm0,rax
  00c0  movaps  xmm2,xmm0
  00c3  movaps  xmm0,xmm2
  00c6  divsd   xmm0,[rbp-0x10]
  00cb  movaps  xmm3,xmm0
  00ce  movaps  xmm0,xmm3
  00d1  mov     rax,0x43E0000000000000
  00db  movq    xmm1,rax
  00e0  ucomisd xmm0,xmm1
  00e4  jp      short 0xEF
  00e6  jae     short 0xEF
  00e8  cvttsd2si rax,xmm0
  00ed  jmp     short 0x105
  00ef  subsd   xmm0,xmm1
  00f3  cvttsd2si rax,xmm0
  00f8  mov     rcx,0x8000000000000000
  0102  xor     rax,rcx
  0105  mov     rsi,rax
  0108  cvttsd2si eax,xmm3
  010c  mov     rdi,rax
  010f  movsxd  r8,edi
  0112  mov     rdi,rsi
  0115  add     rdi,r8
  0118  mov     rax,rdi
  011b  xorps   xmm0,xmm0
  011e  cvtsi2sd xmm0,rax
  0123  movaps  xmm2,xmm0
  0126  movaps  xmm0,xmm2
  0129  add     rsp,0x10
  012d  pop     rbp
  012e  ret
