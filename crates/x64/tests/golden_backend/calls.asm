; 85 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 85, stack base Some(5), return Scalar, safepoints [33, 49, 55, 71, 82], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x4=IL0 0x9=IL15 0x29=IL20 0x32=IL25 0x3f=IL30 0x48=IL35 0x53=IL41
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     edi,0xC8
  0009  mov     rsi,0xFFFFFFFFFFFFFFFF
  0010  movsxd  rsi,esi
  0013  mov     edx,5
  0018  movsx   edi,dil
  001c  call    qword ptr [0x22]    ; Rel32 method-call cell [14 02]
  0022  mov     r8,rax
  0025  movzx   r8d,r8w
  0029  mov     rdi,r8
  002c  call    qword ptr [0x32]    ; Rel32 method-call cell [15 0c]
  0032  call    qword ptr [0x38]    ; Rel32 method-call cell [14 03]
  0038  mov     rsi,rax
  003b  movzx   esi,sil
  003f  mov     rdi,rsi
  0042  call    qword ptr [0x48]    ; Rel32 method-call cell [15 0c]
  0048  mov     edi,7
  004d  call    qword ptr [0x53]    ; Rel32 method-call cell [15 0c]
  0053  pop     rbp
  0054  ret
