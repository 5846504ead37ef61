; 67 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 67, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     r8,rdx
  0007  mov     r9,rcx
  000a  movsx   edi,dil
  000e  mov     rcx,r8
  0011  and     ecx,7
  0014  sar     edi,cl
  0016  movzx   esi,si
  0019  mov     rcx,r8
  001c  and     ecx,0xF
  001f  shr     esi,cl
  0021  mov     rcx,r9
  0024  shl     r8d,cl
  0027  sar     r9,1
  002b  movsx   rdi,dil
  002f  movzx   esi,si
  0032  movsxd  r8,r8d
  0035  add     rdi,rsi
  0038  add     rdi,r8
  003b  xor     rdi,r9
  003e  mov     rax,rdi
  0041  pop     rbp
  0042  ret
