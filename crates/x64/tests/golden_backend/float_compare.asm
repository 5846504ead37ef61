; 95 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 95, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  movaps  xmm2,xmm0
  0007  movaps  xmm3,xmm1
  000a  movaps  xmm0,xmm2
  000d  ucomiss xmm0,xmm3
  0010  sete    al
  0013  setnp   cl
  0016  and     al,cl
  0018  movzx   eax,al
  001b  mov     rsi,rax
  001e  movaps  xmm0,xmm2
  0021  ucomiss xmm0,xmm3
  0024  setne   al
  0027  setp    cl
  002a  or      al,cl
  002c  movzx   eax,al
  002f  mov     rdi,rax
  0032  movaps  xmm0,xmm3
  0035  ucomiss xmm0,xmm2
  0038  seta    al
  003b  movzx   eax,al
  003e  mov     r8,rax
  0041  movaps  xmm0,xmm3
  0044  ucomiss xmm0,xmm2
  0047  setbe   al
  004a  movzx   eax,al
  004d  mov     r9,rax
  0050  or      esi,edi
  0052  xor     r8d,r9d
  0055  and     esi,r8d
  0058  mov     rax,rsi
  005b  mov     eax,eax
  005d  pop     rbp
  005e  ret
