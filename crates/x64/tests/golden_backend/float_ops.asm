; 288 bytes, alignment 16, prolog 8 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind Alloc { code_offset: 8, size: 16 }
; gc: code length 288, stack base Some(5), return Scalar, safepoints [106], interruptible [], slots 0
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
  0024  mulsd   xmm2,xmm4
  0028  mov     rax,rsi
  002b  xorps   xmm0,xmm0
  002e  cvtsi2sd xmm0,rax
  0033  test    rax,rax
  0036  jns     short 0x4B
  0038  mov     rax,0x43F0000000000000
  0042  movq    xmm1,rax
  0047  addsd   xmm0,xmm1
  004b  movaps  xmm4,xmm0
  004e  movaps  xmm0,xmm2
  0051  addsd   xmm0,xmm4
  0055  movsd   [rbp-0x10],xmm0
  005a  movaps  xmm0,xmm3
  005d  mov     rdi,rsi
  0060  movsd   xmm1,[rbp-0x10]
  0065  call    qword ptr [0x6B]    ; Rel32 method-call cell [14 02]
  006b  movaps  xmm2,xmm0
  006e  cvtss2sd xmm0,xmm2
  0072  movaps  xmm3,xmm0
  0075  movaps  xmm0,xmm3
  0078  ucomisd xmm0,[rbp-8]
  007d  setb    al
  0080  movzx   eax,al
  0083  mov     rsi,rax
  0086  test    esi,esi
  0088  je      short 0xAB
  008a  mov     rax,0x8000000000000000
  0094  movq    xmm1,rax
  0099  movaps  xmm0,xmm3
  009c  xorps   xmm0,xmm1
  009f  movaps  xmm2,xmm0
  00a2  movaps  xmm0,xmm2
  00a5  add     rsp,0x10
  00a9  pop     rbp
  00aa  ret
  00ab  mov     rax,0x3FF8000000000000
  00b5  movq    xmm0,rax
  00ba  movaps  xmm2,xmm0
  00bd  divsd   xmm2,[rbp-0x10]
  00c2  movaps  xmm0,xmm2
  00c5  mov     rax,0x43E0000000000000
  00cf  movq    xmm1,rax
  00d4  ucomisd xmm0,xmm1
  00d8  jp      short 0xE3
  00da  jae     short 0xE3
  00dc  cvttsd2si rax,xmm0
  00e1  jmp     short 0xF9
  00e3  subsd   xmm0,xmm1
  00e7  cvttsd2si rax,xmm0
  00ec  mov     rcx,0x8000000000000000
  00f6  xor     rax,rcx
  00f9  mov     rsi,rax
  00fc  cvttsd2si eax,xmm2
  0100  mov     rdi,rax
  0103  movsxd  rdi,edi
  0106  add     rsi,rdi
  0109  mov     rax,rsi
  010c  xorps   xmm0,xmm0
  010f  cvtsi2sd xmm0,rax
  0114  movaps  xmm2,xmm0
  0117  movaps  xmm0,xmm2
  011a  add     rsp,0x10
  011e  pop     rbp
  011f  ret
