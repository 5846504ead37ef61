; 113 bytes, alignment 16, prolog 9 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind Alloc { code_offset: 9, size: 8 }
; gc: code length 113, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  push    rbx
  0005  sub     rsp,8
  0009  movaps  xmm2,xmm0
  000c  movaps  xmm3,xmm1
  000f  movaps  xmm0,xmm2
  0012  ucomiss xmm0,xmm3
  0015  sete    al
  0018  setnp   cl
  001b  and     al,cl
  001d  movzx   eax,al
  0020  mov     rsi,rax
  0023  movaps  xmm0,xmm2
  0026  ucomiss xmm0,xmm3
  0029  setne   al
  002c  setp    cl
  002f  or      al,cl
  0031  movzx   eax,al
  0034  mov     rdi,rax
  0037  movaps  xmm0,xmm3
  003a  ucomiss xmm0,xmm2
  003d  seta    al
  0040  movzx   eax,al
  0043  mov     r8,rax
  0046  movaps  xmm0,xmm3
  0049  ucomiss xmm0,xmm2
  004c  setbe   al
  004f  movzx   eax,al
  0052  mov     r9,rax
  0055  mov     rbx,rsi
  0058  or      ebx,edi
  005a  mov     rsi,r8
  005d  xor     esi,r9d
  0060  mov     rdi,rbx
  0063  and     edi,esi
  0065  mov     rax,rdi
  0068  mov     eax,eax
  006a  add     rsp,8
  006e  pop     rbx
  006f  pop     rbp
  0070  ret
