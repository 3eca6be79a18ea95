import EntenteCLI

EntenteCommand.main()
