; 308 bytes, alignment 16, prolog 8 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind Alloc { code_offset: 8, size: 16 }
; gc: code length 308, stack base Some(5), return Scalar, safepoints [117], interruptible [], slots 0
; debug bounds: 0x0=IL-2
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
  0034  test    rax,rax
  0037  js      short 0x40
  0039  cvtsi2sd xmm0,rax
  003e  jmp     short 0x56
  0040  mov     rcx,rax
  0043  shr     rcx,1
  0047  and     eax,1
  004a  or      rcx,rax
  004d  cvtsi2sd xmm0,rcx
  0052  addsd   xmm0,xmm0
  0056  movaps  xmm2,xmm0
  0059  movaps  xmm0,xmm5
  005c  addsd   xmm0,xmm2
  0060  movsd   [rbp-0x10],xmm0
  0065  movaps  xmm0,xmm3
  0068  mov     rdi,rsi
  006b  movsd   xmm1,[rbp-0x10]
  0070  call    qword ptr [0x76]    ; Rel32 method-call cell [14 02]
  0076  movaps  xmm2,xmm0
  0079  cvtss2sd xmm0,xmm2
  007d  movaps  xmm3,xmm0
  0080  movaps  xmm0,xmm3
  0083  ucomisd xmm0,[rbp-8]
  0088  setb    al
  008b  movzx   eax,al
  008e  mov     rsi,rax
  0091  test    esi,esi
  0093  je      short 0xB6
  0095  mov     rax,0x8000000000000000
  009f  movq    xmm1,rax
  00a4  movaps  xmm0,xmm3
  00a7  xorps   xmm0,xmm1
  00aa  movaps  xmm2,xmm0
  00ad  movaps  xmm0,xmm2
  00b0  add     rsp,0x10
  00b4  pop     rbp
  00b5  ret
  00b6  mov     rax,0x3FF8000000000000
  00c0  movq    xmm0,rax
  00c5  movaps  xmm2,xmm0
  00c8  movaps  xmm0,xmm2
  00cb  divsd   xmm0,[rbp-0x10]
  00d0  movaps  xmm3,xmm0
  00d3  movaps  xmm0,xmm3
  00d6  mov     rax,0x43E0000000000000
  00e0  movq    xmm1,rax
  00e5  ucomisd xmm0,xmm1
  00e9  jp      short 0xF4
  00eb  jae     short 0xF4
  00ed  cvttsd2si rax,xmm0
  00f2  jmp     short 0x10A
  00f4  subsd   xmm0,xmm1
  00f8  cvttsd2si rax,xmm0
  00fd  mov     rcx,0x8000000000000000
  0107  xor     rax,rcx
  010a  mov     rsi,rax
  010d  cvttsd2si eax,xmm3
  0111  mov     rdi,rax
  0114  movsxd  r8,edi
  0117  mov     rdi,rsi
  011a  add     rdi,r8
  011d  mov     rax,rdi
  0120  xorps   xmm0,xmm0
  0123  cvtsi2sd xmm0,rax
  0128  movaps  xmm2,xmm0
  012b  movaps  xmm0,xmm2
  012e  add     rsp,0x10
  0132  pop     rbp
  0133  ret
