; 135 bytes, alignment 16, prolog 9 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind Alloc { code_offset: 9, size: 8 }
; gc: code length 135, stack base Some(5), return Scalar, safepoints [], interruptible [], slots 0
; debug bounds: 0x0=IL-2
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  push    rbx
  0005  sub     rsp,8
  0009  mov     r8,rdx
  000c  mov     r9,rcx
  000f  mov     rax,rdi
  0012  movsx   eax,al
  0015  mov     rcx,r8
  0018  and     ecx,7
  001b  sar     eax,cl
  001d  mov     rbx,rax
  0020  mov     rax,rsi
  0023  movzx   eax,ax
  0026  mov     rcx,r8
  0029  and     ecx,0xF
  002c  shr     eax,cl
  002e  mov     rdi,rax
  0031  mov     rax,r8
  0034  mov     rcx,r9
  0037  shl     eax,cl
  0039  mov     rsi,rax
  003c  mov     rax,r9
  003f  sar     rax,1
  0043  mov     r8,rax
  0046  mov     rax,rbx
  0049  movsx   rax,al
  004d  mov     r9,rax
  0050  mov     rax,rdi
  0053  movzx   eax,ax
  0056  mov     rbx,rax
  0059  mov     rax,rsi
  005c  movsxd  rax,eax
  005f  mov     rdi,rax
  0062  mov     rax,r9
  0065  mov     rcx,rbx
  0068  add     rax,rcx
  006b  mov     rsi,rax
  006e  mov     rcx,rdi
  0071  add     rax,rcx
  0074  mov     r9,rax
  0077  mov     rcx,r8
  007a  xor     rax,rcx
  007d  mov     rsi,rax
  0080  add     rsp,8
  0084  pop     rbx
  0085  pop     rbp
  0086  ret
