# Applies CONCLAB_SANITIZER (thread, address or empty) to every target of the build.
if(CONCLAB_SANITIZER STREQUAL "thread")
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
  add_compile_definitions(CONCLAB_UNDER_SANITIZER=1)
elseif(CONCLAB_SANITIZER STREQUAL "address")
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
  add_compile_definitions(CONCLAB_UNDER_SANITIZER=1)
elseif(NOT CONCLAB_SANITIZER STREQUAL "")
  message(FATAL_ERROR "CONCLAB_SANITIZER must be empty, 'thread' or 'address', "
                      "not '${CONCLAB_SANITIZER}'")
endif()
