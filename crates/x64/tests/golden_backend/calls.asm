; 94 bytes, alignment 16, prolog 4 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; gc: code length 94, stack base Some(5), return Scalar, safepoints [45, 61, 67, 80, 91], interruptible [], slots 0
; debug bounds: 0x0=IL-2 0x4=IL0 0xc=IL15 0x35=IL20 0x3e=IL25 0x4b=IL30 0x51=IL35 0x5c=IL41
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  mov     esi,0xC8
  0009  mov     rsi,rsi
  000c  mov     rdi,0xFFFFFFFFFFFFFFFF
  0013  movsxd  rdi,edi
  0016  mov     r11,rdi
  0019  mov     rdi,rsi
  001c  mov     rsi,r11
  001f  mov     edx,5
  0024  movsx   edi,dil
  0028  call    qword ptr [0x2E]    ; Rel32 method-call cell [14 02]
  002e  mov     r8,rax
  0031  movzx   esi,r8w
  0035  mov     rdi,rsi
  0038  call    qword ptr [0x3E]    ; Rel32 method-call cell [15 0c]
  003e  call    qword ptr [0x44]    ; Rel32 method-call cell [14 03]
  0044  mov     rsi,rax
  0047  movzx   edi,sil
  004b  call    qword ptr [0x51]    ; Rel32 method-call cell [15 0c]
  0051  mov     edi,7
  0056  call    qword ptr [0x5C]    ; Rel32 method-call cell [15 0c]
  005c  pop     rbp
  005d  ret
