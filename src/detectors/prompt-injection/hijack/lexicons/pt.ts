/** Portuguese hijack vocabulary (project-written, Brazilian and European forms). */
import type { HijackLexicon } from '../lexicon-shape.js';

export const pt: HijackLexicon = {
  order: 'VO',
  verbs: ['ignore', 'ignora', 'ignorem', 'ignorar', 'esqueça', 'esqueca', 'esquece', 'esqueçam', 'esquecer', 'desconsidere', 'desconsidera', 'desconsiderar', 'não leve em conta', 'não siga', 'nao siga', 'deixe de lado', 'descarte', 'descarta', 'negligencie', 'despreze', 'despreza', 'desconsiderem', 'não preste atenção', 'nao preste atencao', 'não obedeça', 'nao obedeca', 'não siga mais', 'deixe de seguir', 'pare de seguir', 'abandone', 'abandona', 'desobedeça', 'desobedeca', 'não respeite', 'esqueça-se', 'ignora-se', 'não ligue para', 'não dê atenção a'],
  weakVerbs: ['pule', 'pula', 'salte', 'contorne', 'anule', 'apague', 'sobrescreva', 'omita', 'burle'],
  fillers: ['o', 'a', 'os', 'as', 'um', 'uma', 'de', 'do', 'da', 'dos', 'das', 'e', 'ou', 'depois', 'agora', 'simplesmente', 'apenas', 'só', 'que', 'lhe', 'te', 'foi', 'foram', 'por favor', 'em vez disso', 'ao', 'à', 'completamente', 'dadas', 'dados', 'fornecido', 'seguinte', 'seguintes', 'meu', 'minha', 'meus', 'minhas'],
  prior: ['anterior*', 'prévia*', 'prévio*', 'previa*', 'acima', 'mais acima', 'original*', 'inicia*', 'antiga*', 'antigo*', 'sistema', 'até agora', 'todas', 'todos', 'seu', 'sua', 'seus', 'suas', 'teu', 'tua', 'teus', 'tuas', 'precedente*', 'últimas', 'últimos', 'mencionad*', 'recebid*', 'anteriormente', 'antes', 'existentes', 'fornecid*'],
  quants: ['tudo', 'tudo o', 'todas', 'todos'],
  instructions: ['instruç*', 'instruc*', 'orientaç*', 'diretriz', 'diretrizes', 'regra*', 'ordem', 'ordens', 'comando*', 'prompt*', 'restriç*', 'tarefa*', 'normas'],
  strong: ['prompt do sistema', 'mensagem do sistema', 'instruções do sistema', 'lhe foi dito', 'te foi dito', 'te disseram', 'lhe disseram', 'foi instruído', 'te foi dado', 'lhe foi dado', 'te mandaram', 'lhe mandaram', 'te ensinaram', 'te falaram', 'lhe falaram', 'foi dito', 'foi pedido', 'te pediram', 'lhe pediram', 'foi programado', 'foi programada', 'te instruíram', 'lhe instruíram', 'foi ensinado', 'te ordenaram', 'lhe ordenaram'],
  data: ['documento*', 'texto*', 'conteúdo*', 'conteudo*', 'artigo*', 'página*', 'pagina*', 'página web', 'site', 'sites', 'e-mail*', 'email*', 'mensage*', 'carta*', 'função', 'funcao', 'código', 'codigo', 'script*', 'programa', 'arquivo*', 'ficheiro*', 'currículo*', 'curriculo*', 'cv', 'avaliação', 'comentário*', 'parágrafo*', 'tabela*', 'dados', 'entrada*', 'contexto*', 'pergunta*', 'resumo*', 'anexo', 'anexos', 'imagem', 'imagens', 'descrição', 'descricao', 'relatório', 'relatorio', 'ticket', 'publicação', 'postagem', 'transcrição'],
  directives: ['diga', 'dizer', 'diz', 'afirme', 'afirma', 'declare', 'declara', 'escreva', 'escreve', 'escrever', 'responda', 'responde', 'responder', 'imprima', 'imprime', 'mostre', 'mostra', 'informe', 'anuncie', 'retorne', 'retorna', 'repita', 'repete', 'revele', 'revela', 'gere', 'gera', 'confirme', 'confirma', 'mencione', 'menciona', 'envie', 'envia', 'fale', 'fala', 'exiba', 'exibe', 'produza'],
  cues: ['nota para a ia', 'mensagem para a ia', 'cara ia', 'se você é uma ia', 'se voce e uma ia', 'se você for uma ia', 'se és uma ia', 'instruções para a ia', 'se você é um modelo de linguagem'],
  /** Reported commands: "instruindo-o a ignorar diretrizes anteriores". */
  reported: ['instruindo-o a', 'instruindo-a a', 'ordenando-lhe que', 'pedindo-lhe que', 'llm a', 'modelo a', 'chatbot a'],
  actions: ['chame', 'chama', 'execute', 'executa', 'use', 'usa', 'utilize', 'envie', 'envia', 'encaminhe', 'encaminha', 'transfira', 'transfere', 'abra', 'abre', 'visite', 'visita', 'clique', 'anexe', 'anexa', 'adicione', 'adiciona', 'inclua', 'inclui', 'insira', 'apague', 'exclua', 'remova', 'compartilhe', 'aprove', 'recomende', 'peça', 'traduza', 'resuma'],
  tags: ['sistema', 'admin', 'administrador', 'desenvolvedor'],
  outputs: ['sua resposta', 'tua resposta', 'suas respostas', 'tuas respostas', 'sua saída'],
  edits: ['adicione', 'adiciona', 'acrescente', 'acrescenta', 'inclua', 'inclui', 'insira', 'insere', 'mencione', 'menciona', 'modifique', 'modifica', 'traduza', 'traduz', 'substitua', 'substitui', 'repita', 'repete', 'comece', 'começa', 'termine', 'termina', 'use', 'usa', 'utilize', 'utiliza', 'integre', 'incorpore', 'codifique', 'escreva'],
  leads: ['você deve', 'deve', 'e', 'depois', 'sua tarefa é'],
  negations: ['não', 'nunca', 'nenhum', 'nenhuma', 'nada'],
  vocatives: ['ia', 'assistente', 'assistente de ia', 'chatbot', 'bot', 'modelo de linguagem'],
};
