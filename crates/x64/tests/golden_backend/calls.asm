; 82 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 82, stack base Some(5), return Scalar, safepoints [36, 49, 55, 68, 79], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x4=IL0 0xc=IL15 0x2c=IL20 0x32=IL25 0x3f=IL30 0x45=IL35 0x50=IL41
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     edi,0xC8
  0009  mov     rdi,rdi
  000c  mov     rsi,0xFFFFFFFFFFFFFFFF
  0013  movsxd  rsi,esi
  0016  mov     edx,5
  001b  movsx   edi,dil
  001f  call    qword ptr [0x25]    ; Rel32 method-call cell [14 02]
  0025  mov     r8,rax
  0028  movzx   edi,r8w
  002c  call    qword ptr [0x32]    ; Rel32 method-call cell [15 0c]
  0032  call    qword ptr [0x38]    ; Rel32 method-call cell [14 03]
  0038  mov     rsi,rax
  003b  movzx   edi,sil
  003f  call    qword ptr [0x45]    ; Rel32 method-call cell [15 0c]
  0045  mov     edi,7
  004a  call    qword ptr [0x50]    ; Rel32 method-call cell [15 0c]
  0050  pop     rbp
  0051  ret
