/**
 * Language-independent phrases (project-written): chat-template tokens and fake role delimiters.
 * Always active whatever the `languages` option says.
 */
import type { Lexicon } from '../types.js';

export const common: Lexicon = {
  'fake-delimiter': {
    strong: [
      '<\\|(?:im_start|im_end|im_sep|system|user|assistant|endoftext|begin_of_text|end_of_text|start_header_id|end_header_id|eot_id|eom_id|channel|message|end|start|tool|ipython|prompter|context)\\|>',
      '\\[/?inst\\]',
      '<</?sys>>',
      '<(?:start_of_turn|end_of_turn)>',
      '</(?:user|human|user_input|input|query|context|data|document|email)>\\s{0,6}<(?:system|assistant|admin|developer|instructions?)>',
      '\\{\\s{0,3}["\']role["\']\\s{0,3}:\\s{0,3}["\'](?:system|developer)["\']',
    ],
    weak: [
      '(?:^|\\n)[ \\t]{0,3}#{1,4}[ \\t]{0,3}(?:system|assistant)(?: prompt| message)?[ \\t]{0,3}:',
      '(?:^|\\n)[ \\t]{0,3}\\[?(?:system|sys|admin|developer)(?: prompt| message| override| note| instruction)?\\]?[ \\t]{0,2}:',
      '(?:^|\\n)[ \\t]{0,3}#{2,4}[ \\t]{0,3}(?:instruction|response|input)[ \\t]{0,3}:',
      '<(?:system|sys|system_message|system-message|admin|instructions?)>',
    ],
  },
};
